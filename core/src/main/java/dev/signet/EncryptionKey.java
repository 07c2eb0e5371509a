package dev.signet;

import dev.signet.internal.JwkCodec;
import dev.signet.internal.KeyMaterial;
import dev.signet.internal.KeyPolicy;
import dev.signet.internal.RecipientKeys;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recipient's public key to encrypt to, with its {@code kid} and the {@link KeyManagement}
 * algorithm to use with it. RSA (2048 bits or more) and EC (P-256, P-384, P-521) keys pass the
 * same key policy as {@link VerificationKey}s.
 *
 * {@snippet :
 * EncryptionKey server = EncryptionKey.parse(jwksJson);   // the newest "use": "enc" key of the set
 * String jwe = JweEncrypter.builder(server).build().encrypt(payload);
 * }
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no key material.
 */
public final class EncryptionKey {
  private final PublicKey key;
  private final KeyType type;
  private final String kid;
  private final KeyManagement algorithm;

  private EncryptionKey(PublicKey key, @Nullable String kid, @Nullable KeyManagement algorithm) {
    KeyPolicy.check(key);
    this.key = key;
    this.type = switch (key) {
      case RSAPublicKey r -> KeyType.RSA;
      case ECPublicKey e -> KeyType.EC;
      default -> throw new UnusableKeyException("only RSA and EC keys can be encrypted to, not " + key.getAlgorithm());
    };
    this.kid = kid == null ? JwkCodec.thumbprint(key) : kid;
    this.algorithm = algorithm == null ? KeyManagement.defaultFor(type) : algorithm;
    if (this.algorithm.keyType() != type) {
      throw new UnusableKeyException("algorithm " + this.algorithm + " does not fit a " + type + " key");
    }
  }

  /**
   * A key from a JCA public key: its {@code kid} the RFC 7638 thumbprint, its algorithm the
   * default for its type ({@link KeyManagement#defaultFor}).
   *
   * @throws UnusableKeyException if the key breaks Signet's key policy or cannot be encrypted to
   */
  public static EncryptionKey of(PublicKey key) {
    return new EncryptionKey(Objects.requireNonNull(key, "key"), null, null);
  }

  /**
   * Reads a recipient key from PEM, a JWK or a JWKS. From a JWKS it takes the last key with
   * {@code "use": "enc"} (a server publishes its newest key last), or, when no key says
   * {@code use}, the last one whose {@code alg} is a key-management algorithm. A JWK's {@code alg}
   * is kept; without one the default for the key type is used.
   *
   * @throws UnusableKeyException if there is no such key, or its {@code alg} is refused here
   */
  public static EncryptionKey parse(String text) {
    KeyMaterial m = RecipientKeys.select(Objects.requireNonNull(text, "text"));
    KeyManagement alg = m.alg() == null ? null : KeyManagement.fromJoseName(m.alg()).orElseThrow(() ->
        new UnusableKeyException("key-management algorithm \"" + m.alg() + "\" is not accepted (expected one of "
            + java.util.Arrays.toString(KeyManagement.values()) + ")"));
    return new EncryptionKey(m.publicKey(), m.kid(), alg);
  }

  public String kid() {
    return kid;
  }

  public KeyType type() {
    return type;
  }

  public KeyManagement algorithm() {
    return algorithm;
  }

  /** The JCA public key. */
  public PublicKey key() {
    return key;
  }

  /** The same key with another {@code kid}. */
  public EncryptionKey withKid(String newKid) {
    return new EncryptionKey(key, Objects.requireNonNull(newKid, "kid"), algorithm);
  }

  /**
   * The same key with another algorithm.
   *
   * @throws UnusableKeyException if the algorithm does not fit the key type
   */
  public EncryptionKey withAlgorithm(KeyManagement newAlgorithm) {
    return new EncryptionKey(key, kid, Objects.requireNonNull(newAlgorithm, "algorithm"));
  }

  /** The public JWK as JSON, with {@code kid}, {@code alg} and {@code "use": "enc"}. */
  public String toJwk() {
    return JwkCodec.toJwk(key, kid, algorithm.joseName(), "enc").toJSONString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKey other && key.equals(other.key) && kid.equals(other.kid) && algorithm == other.algorithm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, kid, algorithm);
  }

  @Override
  public String toString() {
    return "EncryptionKey[kid=" + kid + ", " + type + ", alg=" + algorithm + "]";
  }
}
