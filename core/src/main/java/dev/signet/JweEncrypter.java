package dev.signet;

import dev.signet.internal.JweCrypto;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encrypts payloads to one recipient as compact JWEs (RFC 7516 §7.1): the recipient's key
 * first, the options in the builder.
 *
 * {@snippet :
 * JweEncrypter encrypter = JweEncrypter.builder(EncryptionKey.parse(serverJwks))
 *     .contentEncryption(ContentEncryption.A256GCM)   // the default
 *     .compress()                                     // zip: DEF
 *     .build();
 * String jwe = encrypter.encrypt("{\"card\":\"4111…\"}".getBytes(UTF_8));
 * String nested = encrypter.encryptToken(signer.sign(claims));   // RFC 7519 §11.2, cty: JWT
 * }
 *
 * <p>Immutable and thread-safe.
 */
public final class JweEncrypter {
  private final EncryptionKey recipient;
  private final ContentEncryption enc;
  private final boolean compress;

  private JweEncrypter(Builder b) {
    this.recipient = b.recipient;
    this.enc = b.enc;
    this.compress = b.compress;
  }

  /** Starts an encrypter to {@code recipient}, with the algorithm the key names. */
  public static Builder builder(EncryptionKey recipient) {
    return new Builder(Objects.requireNonNull(recipient, "recipient"));
  }

  /** A compact JWE of {@code payload}, with {@code kid} of the recipient key and no {@code cty}. */
  public String encrypt(byte[] payload) {
    return JweCrypto.encrypt(recipient, enc, compress, null, Objects.requireNonNull(payload, "payload"));
  }

  /** As {@link #encrypt(byte[])}, with a {@code cty} header naming the payload's media type. */
  public String encrypt(byte[] payload, String contentType) {
    return JweCrypto.encrypt(recipient, enc, compress, Objects.requireNonNull(contentType, "contentType"),
        Objects.requireNonNull(payload, "payload"));
  }

  /**
   * A nested JWT (RFC 7519 §11.2): the signed token {@code jws} encrypted with {@code cty: JWT}.
   *
   * @throws IllegalArgumentException if {@code jws} is not a compact JWS (three parts)
   */
  public String encryptToken(String jws) {
    Objects.requireNonNull(jws, "jws");
    if (jws.chars().filter(c -> c == '.').count() != 2) {
      throw new IllegalArgumentException("not a compact JWS: expected three dot-separated parts");
    }
    return JweCrypto.encrypt(recipient, enc, compress, "JWT", jws.getBytes(StandardCharsets.US_ASCII));
  }

  public EncryptionKey recipient() {
    return recipient;
  }

  @Override
  public String toString() {
    return "JweEncrypter[" + recipient + ", enc=" + enc + (compress ? ", zip=DEF" : "") + "]";
  }

  /** Options of a {@link JweEncrypter}. Not thread-safe; {@link #build()} makes an immutable encrypter. */
  public static final class Builder {
    private final EncryptionKey recipient;
    private ContentEncryption enc = ContentEncryption.A256GCM;
    private boolean compress;

    private Builder(EncryptionKey recipient) {
      this.recipient = recipient;
    }

    /** The content encryption; {@link ContentEncryption#A256GCM} by default. */
    public Builder contentEncryption(ContentEncryption method) {
      this.enc = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * Compresses the payload with DEFLATE before encrypting ({@code zip: DEF}). Compressing
     * attacker-influenced data next to a secret leaks the secret through the ciphertext's length
     * (CRIME), so compress only payloads that mix no secret with text an attacker controls.
     */
    public Builder compress() {
      this.compress = true;
      return this;
    }

    public JweEncrypter build() {
      return new JweEncrypter(this);
    }

    @Override
    public String toString() {
      return "JweEncrypter.Builder[" + recipient + "]";
    }
  }
}
