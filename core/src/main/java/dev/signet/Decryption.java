package dev.signet;

import dev.signet.internal.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of decrypting a JWE: {@link Decrypted} with the plaintext, or {@link Refused} with a
 * {@link Reason} and a detail for the log.
 *
 * {@snippet :
 * switch (decrypter.decrypt(jwe)) {
 *   case Decryption.Decrypted d -> handle(d.payload());
 *   case Decryption.Refused r -> { log.info("jwe refused: {} {}", r.reason(), r.detail()); respond(400); }
 * }
 * }
 *
 * <p>Every failure of the cryptography itself (a wrong key, an unknown {@code kid}, a bad
 * authentication tag or padding, a bad ephemeral key, a bad compressed stream) is the one reason
 * {@link Reason#UNDECRYPTABLE}; only the detail tells them apart. A server answers every
 * {@code Refused} alike.
 */
public sealed interface Decryption permits Decryption.Decrypted, Decryption.Refused {

  /** Why a JWE was refused. The first three are decided before any key is used. */
  enum Reason {
    /** Longer than the decrypter's bound; refused before parsing. */
    TOO_LARGE,
    /** Not five base64url parts with a JSON object header. */
    MALFORMED,
    /** {@code alg}, {@code enc} or {@code zip} is refused or unknown, or {@code crit} is present. */
    UNSUPPORTED_ALGORITHM,
    /** Any failure of decryption, decompression included. */
    UNDECRYPTABLE
  }

  /**
   * The JWE decrypted and authenticated: the payload, the {@code cty} header if any ({@code JWT}
   * for a nested JWT), and which of our keys decrypted it. Immutable; {@link #toString()} never
   * shows the payload.
   */
  final class Decrypted implements Decryption {
    private final byte[] payload;
    private final @Nullable String contentType;
    private final String kid;
    private final KeyManagement algorithm;
    private final ContentEncryption encryption;

    public Decrypted(byte[] payload, @Nullable String contentType, String kid, KeyManagement algorithm,
        ContentEncryption encryption) {
      this.payload = payload.clone();
      this.contentType = contentType;
      this.kid = Objects.requireNonNull(kid, "kid");
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      this.encryption = Objects.requireNonNull(encryption, "encryption");
    }

    /** A copy of the plaintext. */
    public byte[] payload() {
      return payload.clone();
    }

    /** The payload as UTF-8 text (malformed sequences replaced). */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public Optional<String> contentType() {
      return Optional.ofNullable(contentType);
    }

    /** The kid of our key that decrypted it. */
    public String kid() {
      return kid;
    }

    public KeyManagement algorithm() {
      return algorithm;
    }

    public ContentEncryption encryption() {
      return encryption;
    }

    /** Whether {@code cty} says the payload is a JWT (RFC 7519 §5.2, compared ignoring case). */
    public boolean isNested() {
      return contentType != null && contentType.equalsIgnoreCase("JWT");
    }

    /** The inner token of a nested JWT, to verify with a {@link TokenVerifier} or {@link RequestTokenVerifier}. */
    public Optional<String> innerToken() {
      return isNested() ? Optional.of(text().strip()) : Optional.empty();
    }

    @Override
    public String toString() { // never the plaintext
      return "Decrypted[" + payload.length + " bytes, cty=" + contentType + ", kid=" + kid + ", alg=" + algorithm
          + ", enc=" + encryption + "]";
    }
  }

  /**
   * The JWE was refused. The detail names the cause for the log and never quotes the JWE; it is
   * escaped for a log line and cut to {@value Verification.Invalid#MAX_DETAIL_CHARS} characters.
   */
  record Refused(Reason reason, String detail) implements Decryption {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      detail = SafeText.escape(Objects.requireNonNull(detail, "detail"), Verification.Invalid.MAX_DETAIL_CHARS);
    }
  }
}
