package dev.signet.web;

import dev.signet.Decryption;
import dev.signet.JweDecrypter;
import dev.signet.RequestTokenVerifier;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decrypting step of a resource server (issue 17): request bodies sent as
 * {@code Content-Type: application/jose} are compact JWEs to one of the service's keys, or nested
 * JWTs (a request token signed by the sender, then encrypted, {@code cty: JWT}). Used by
 * {@link dev.signet.web.servlet.DecryptingFilter} and {@link dev.signet.web.javalin.DecryptingPlugin},
 * after the authenticating filter or plugin.
 *
 * {@snippet :
 * EncryptedBodies bodies = EncryptedBodies.builder(JweDecrypter.builder(serviceKey).build())
 *     .senders(requestTokenVerifier)      // verifies the inner token of a nested JWT
 *     .build();
 * }
 *
 * <p>A nested JWT's inner token must verify with {@link Builder#senders} (its signer's registered
 * key, lifetime, replay), and its signer must be the authenticated caller when there is one. Every
 * refusal is the same {@code 400 {"error":"invalid_request"}}; the cause goes to one INFO log
 * line. Immutable and thread-safe.
 */
public final class EncryptedBodies {
  private static final Logger log = LoggerFactory.getLogger(EncryptedBodies.class);
  private static final Decision.Refused REFUSED = new Decision.Refused(400, List.of(), "{\"error\":\"invalid_request\"}");

  private final JweDecrypter decrypter;
  private final @Nullable RequestTokenVerifier senders;
  private final String untypedContentType;

  private EncryptedBodies(Builder b) {
    this.decrypter = b.decrypter;
    this.senders = b.senders;
    this.untypedContentType = b.untypedContentType;
  }

  public static Builder builder(JweDecrypter decrypter) {
    return new Builder(Objects.requireNonNull(decrypter, "decrypter"));
  }

  /** The body as the application gets it, or the refusal. */
  public sealed interface Opened permits Opened.NotEncrypted, Opened.Plaintext, Opened.Refused {
    /** Not {@code application/jose}: passed on as it is. */
    record NotEncrypted() implements Opened {}

    /**
     * The decrypted body: for a nested JWT, its claims as JSON ({@code application/json}) and the
     * verified sender; otherwise the plaintext, with the JWE's {@code cty} (or
     * {@link Builder#untypedContentType}, by default {@code application/octet-stream}) as its type.
     */
    final class Plaintext implements Opened {
      private final byte[] body;
      private final String contentType;
      private final Optional<VerifiedToken> sender;

      Plaintext(byte[] body, String contentType, Optional<VerifiedToken> sender) {
        this.body = body.clone();
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.sender = Objects.requireNonNull(sender, "sender");
      }

      /** A copy of the decrypted body. */
      public byte[] body() {
        return body.clone();
      }

      public String contentType() {
        return contentType;
      }

      /** The verified signer of a nested JWT. */
      public Optional<VerifiedToken> sender() {
        return sender;
      }

      @Override
      public String toString() { // never the plaintext
        return "Plaintext[" + body.length + " bytes, " + contentType + ", sender=" + sender.map(VerifiedToken::principal).orElse(null) + "]";
      }
    }

    /** Refused: answer {@link #refusal()}. */
    record Refused(Decision.Refused refusal) implements Opened {}
  }

  /** Whether the request's {@code Content-Type} is {@code application/jose}. */
  public static boolean isJose(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.toLowerCase(Locale.ROOT);
    int semicolon = media.indexOf(';');
    return (semicolon < 0 ? media : media.substring(0, semicolon)).strip().equals("application/jose");
  }

  /** The largest body read: the decrypter's bound on a compact JWE. */
  public int maxBodyBytes() {
    return decrypter.maxLength();
  }

  /**
   * Opens a request body.
   *
   * @param body the body, or empty if it was over {@link #maxBodyBytes()}
   * @param caller the authenticated caller, if the request has one
   */
  public Opened open(@Nullable String contentType, Optional<byte[]> body, @Nullable Identity caller, String path) {
    if (!isJose(contentType)) {
      return new Opened.NotEncrypted();
    }
    if (body.isEmpty()) {
      return refused(path, caller, "TOO_LARGE", "the body is larger than " + maxBodyBytes() + " bytes");
    }
    String jwe = new String(body.get(), StandardCharsets.ISO_8859_1).strip();
    Decryption.Decrypted decrypted;
    switch (decrypter.decrypt(jwe)) {
      case Decryption.Refused(Decryption.Reason reason, String detail) -> {
        return refused(path, caller, "jwe=" + reason, detail);
      }
      case Decryption.Decrypted d -> decrypted = d;
    }
    if (!decrypted.isNested()) {
      return new Opened.Plaintext(decrypted.payload(), decrypted.contentType().orElse(untypedContentType), Optional.empty());
    }
    if (senders == null) {
      return refused(path, caller, "inner=NO_VERIFIER", "a nested JWT, but no verifier of senders is configured");
    }
    VerifiedToken sender;
    switch (senders.verify(decrypted.innerToken().orElseThrow())) {
      case Verification.Invalid(dev.signet.Rejection reason, String detail) -> {
        return refused(path, caller, "inner=" + reason, detail);
      }
      case Verification.Valid(VerifiedToken t) -> sender = t;
    }
    if (caller != null && !caller.principal().equals(sender.principal())) {
      return refused(path, caller, "inner=OTHER_SIGNER", "the nested JWT was signed by '" + sender.principal() + "', not by the caller");
    }
    return new Opened.Plaintext(sender.claims().toJson().getBytes(StandardCharsets.UTF_8), "application/json", Optional.of(sender));
  }

  private static Opened refused(String path, @Nullable Identity caller, String reason, String detail) {
    log.info("rejection=ENCRYPTED_BODY {} principal={} path={} detail={}", reason, caller == null ? null : caller.principal(),
        LogText.escape(path), LogText.escape(detail));
    return new Opened.Refused(REFUSED);
  }

  @Override
  public String toString() {
    return "EncryptedBodies[" + decrypter + (senders == null ? "" : ", nested JWTs verified") + "]";
  }

  /** Options of {@link EncryptedBodies}. */
  public static final class Builder {
    private final JweDecrypter decrypter;
    private @Nullable RequestTokenVerifier senders;
    private String untypedContentType = "application/octet-stream";

    private Builder(JweDecrypter decrypter) {
      this.decrypter = decrypter;
    }

    /** Verifies the inner token of nested JWTs; without it, nested JWTs are refused. */
    public Builder senders(RequestTokenVerifier verifier) {
      this.senders = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** The type given to a plaintext whose JWE has no {@code cty}; {@code application/octet-stream} by default. */
    public Builder untypedContentType(String contentType) {
      this.untypedContentType = Objects.requireNonNull(contentType, "contentType");
      return this;
    }

    public EncryptedBodies build() {
      return new EncryptedBodies(this);
    }
  }
}
