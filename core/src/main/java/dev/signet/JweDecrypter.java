package dev.signet;

import dev.signet.internal.JweCrypto;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decrypts compact JWEs (RFC 7516) with our {@link DecryptionKey}s: the keys first, the limits
 * in the builder.
 *
 * {@snippet :
 * JweDecrypter decrypter = JweDecrypter.builder(serverKeys::decryptionKeys)   // read at each call: rotation
 *     .maxLength(512 * 1024)                  // characters of compact JWE, refused before parsing
 *     .maxPlaintext(256 * 1024)               // bytes after decryption and decompression
 *     .build();
 * switch (decrypter.decrypt(body)) { … }
 * Verification v = decrypter.decryptNested(body, token -> requestTokens.verify(token)); // cty: JWT
 * }
 *
 * <p>Secure by default: {@code RSA1_5}, {@code RSA-OAEP} (SHA-1), {@code PBES2-*}, {@code dir}
 * and the AES key wraps are never accepted, whatever the builder says; {@code zip: DEF} is
 * accepted with the plaintext bound applied to the decompressed size (256 KiB by default); any
 * {@code crit} is refused. Every failure of decryption itself gives the one
 * {@link Decryption.Reason#UNDECRYPTABLE}, its cause in the detail only.
 *
 * <p>Immutable and thread-safe.
 */
public final class JweDecrypter {
  /** The default bound on the compact JWE: 512 Ki characters. */
  public static final int DEFAULT_MAX_LENGTH = 512 * 1024;
  /** The default bound on the plaintext, decompressed: 256 KiB. */
  public static final int DEFAULT_MAX_PLAINTEXT = 256 * 1024;

  private final Supplier<? extends List<DecryptionKey>> keys;
  private final Set<KeyManagement> algorithms;
  private final Set<ContentEncryption> encryptions;
  private final int maxLength;
  private final int maxPlaintext;

  private JweDecrypter(Builder b) {
    this.keys = b.keys;
    this.algorithms = Set.copyOf(b.algorithms);
    this.encryptions = Set.copyOf(b.encryptions);
    this.maxLength = b.maxLength;
    this.maxPlaintext = b.maxPlaintext;
  }

  /** A decrypter with a fixed set of keys. */
  public static Builder builder(DecryptionKey... keys) {
    List<DecryptionKey> fixed = List.of(keys);
    return new Builder(() -> fixed);
  }

  /**
   * A decrypter whose keys are read at each call (a server's keys across a rotation). The
   * supplier may throw {@link UnavailableException} when the keys cannot be read.
   */
  public static Builder builder(Supplier<? extends List<DecryptionKey>> keys) {
    return new Builder(Objects.requireNonNull(keys, "keys"));
  }

  /** Decrypts a compact JWE. Never throws for bad input: see {@link Decryption}. */
  public Decryption decrypt(String jwe) {
    Objects.requireNonNull(jwe, "jwe");
    if (jwe.length() > maxLength) {
      return new Decryption.Refused(Decryption.Reason.TOO_LARGE,
          "the JWE is " + jwe.length() + " characters; at most " + maxLength);
    }
    return JweCrypto.decrypt(jwe, List.copyOf(keys.get()), algorithms, encryptions, maxPlaintext);
  }

  /**
   * Decrypts a nested JWT (RFC 7519 §11.2) and verifies the signed token inside with
   * {@code inner} (a {@link RequestTokenVerifier} or {@link TokenVerifier}, whose key source
   * decides who may have signed). A refused JWE is {@link Rejection#TOO_LARGE},
   * {@link Rejection#UNSUPPORTED_ALGORITHM} or, for every other cause, {@link Rejection#MALFORMED};
   * a JWE whose {@code cty} is not {@code JWT} is {@link Rejection#WRONG_TYPE}.
   */
  public Verification decryptNested(String jwe, Function<String, Verification> inner) {
    Objects.requireNonNull(inner, "inner");
    return switch (decrypt(jwe)) {
      case Decryption.Refused(Decryption.Reason reason, String detail) -> new Verification.Invalid(switch (reason) {
        case TOO_LARGE -> Rejection.TOO_LARGE;
        case UNSUPPORTED_ALGORITHM -> Rejection.UNSUPPORTED_ALGORITHM;
        case MALFORMED, UNDECRYPTABLE -> Rejection.MALFORMED;
      }, "JWE refused (" + reason + "): " + detail);
      case Decryption.Decrypted d when !d.isNested() ->
          new Verification.Invalid(Rejection.WRONG_TYPE, "the JWE's cty is '" + d.contentType().orElse("") + "', not JWT: no nested JWT");
      case Decryption.Decrypted d -> inner.apply(d.innerToken().orElseThrow());
    };
  }

  /** The bound on a compact JWE, in characters: longer ones are refused before parsing. */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public String toString() {
    return "JweDecrypter[algorithms=" + algorithms + ", maxLength=" + maxLength + ", maxPlaintext=" + maxPlaintext + "]";
  }

  /** Options of a {@link JweDecrypter}. Not thread-safe; {@link #build()} makes an immutable decrypter. */
  public static final class Builder {
    private final Supplier<? extends List<DecryptionKey>> keys;
    private Set<KeyManagement> algorithms = EnumSet.allOf(KeyManagement.class);
    private Set<ContentEncryption> encryptions = EnumSet.allOf(ContentEncryption.class);
    private int maxLength = DEFAULT_MAX_LENGTH;
    private int maxPlaintext = DEFAULT_MAX_PLAINTEXT;

    private Builder(Supplier<? extends List<DecryptionKey>> keys) {
      this.keys = keys;
    }

    /** The key-management algorithms accepted; all of {@link KeyManagement} by default. */
    public Builder algorithms(KeyManagement... allowed) {
      if (allowed.length == 0) {
        throw new IllegalArgumentException("algorithms must not be empty");
      }
      this.algorithms = EnumSet.copyOf(Arrays.asList(allowed));
      return this;
    }

    /** The content encryptions accepted; all of {@link ContentEncryption} by default. */
    public Builder contentEncryptions(ContentEncryption... allowed) {
      if (allowed.length == 0) {
        throw new IllegalArgumentException("contentEncryptions must not be empty");
      }
      this.encryptions = EnumSet.copyOf(Arrays.asList(allowed));
      return this;
    }

    /** Longer compact JWEs are refused before parsing; {@value #DEFAULT_MAX_LENGTH} characters by default. */
    public Builder maxLength(int characters) {
      this.maxLength = characters;
      return this;
    }

    /** The largest plaintext, after decompression; {@value #DEFAULT_MAX_PLAINTEXT} bytes by default. */
    public Builder maxPlaintext(int bytes) {
      this.maxPlaintext = bytes;
      return this;
    }

    /** The decrypter; {@link IllegalStateException} naming a bound that is too small. */
    public JweDecrypter build() {
      if (maxLength < 100) {
        throw new IllegalStateException("maxLength must be at least 100 characters: " + maxLength);
      }
      if (maxPlaintext < 1) {
        throw new IllegalStateException("maxPlaintext must be positive: " + maxPlaintext);
      }
      return new JweDecrypter(this);
    }
  }
}
