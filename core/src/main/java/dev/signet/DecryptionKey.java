package dev.signet;

import dev.signet.internal.JwkCodec;
import dev.signet.internal.KeyMaterial;
import dev.signet.internal.KeyPolicy;
import dev.signet.internal.KeyText;
import dev.signet.internal.PemCodec;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of our private keys that decrypts what others encrypted to its public half, the
 * {@link EncryptionKey} we publish. Read from the same formats as a {@link SigningKey} (PEM in its
 * forms, a private JWK), checked against its public half.
 *
 * {@snippet :
 * DecryptionKey ours = DecryptionKey.generate(KeyManagement.ECDH_ES);
 * publish(ours.encryptionKey().toJwk());
 * JweDecrypter decrypter = JweDecrypter.builder(ours).build();
 * }
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no key material.
 */
public final class DecryptionKey {
  private final PrivateKey privateKey;
  private final EncryptionKey publicKey;

  private DecryptionKey(PrivateKey privateKey, EncryptionKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A new key for {@code algorithm}: RSA of 2048 bits, or EC on P-256. */
  public static DecryptionKey generate(KeyManagement algorithm) {
    return switch (algorithm.keyType()) {
      case RSA -> generateRsa(2048).withAlgorithm(algorithm);
      case EC, OKP -> generate("EC", 0).withAlgorithm(algorithm);
    };
  }

  /** A new RSA key of 2048, 3072 or 4096 bits, for {@code RSA-OAEP-256}. */
  public static DecryptionKey generateRsa(int bits) {
    if (bits != 2048 && bits != 3072 && bits != 4096) {
      throw new IllegalArgumentException("RSA key size must be 2048, 3072 or 4096 bits, not " + bits);
    }
    return generate("RSA", bits);
  }

  private static DecryptionKey generate(String type, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (bits > 0) {
        generator.initialize(bits);
      } else {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return of(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + type + " keys", e);
    }
  }

  /** A key from a JCA key pair; its {@code kid} the public key's RFC 7638 thumbprint. */
  public static DecryptionKey of(KeyPair pair) {
    return new DecryptionKey(Objects.requireNonNull(pair.getPrivate(), "private key"), EncryptionKey.of(pair.getPublic()));
  }

  /**
   * Reads an unencrypted private key: PEM (PKCS#8, PKCS#1, SEC1) or a private JWK, whose
   * {@code alg}, when present, must be a {@link KeyManagement} algorithm.
   *
   * @throws UnusableKeyException if the text holds no usable private RSA or EC key
   */
  public static DecryptionKey parse(String text) {
    return parse(text, null);
  }

  /**
   * As {@link #parse(String)}, for a key that may be encrypted with {@code passphrase}.
   *
   * @throws UnusableKeyException if the text holds no usable private key or the passphrase is wrong
   */
  public static DecryptionKey parse(String text, char @Nullable [] passphrase) {
    KeyMaterial m = KeyText.readPrivate(Objects.requireNonNull(text, "text"), passphrase);
    PrivateKey privateKey = m.privateKey();
    if (privateKey == null) {
      throw new UnusableKeyException("this is a public key; decrypting needs the private key");
    }
    EncryptionKey publicKey = EncryptionKey.of(m.publicKey());
    if (m.kid() != null) {
      publicKey = publicKey.withKid(m.kid());
    }
    String alg = m.alg();
    if (alg != null) {
      publicKey = publicKey.withAlgorithm(KeyManagement.fromJoseName(alg).orElseThrow(() ->
          new UnusableKeyException("\"" + alg + "\" is no key-management algorithm Signet decrypts with")));
    }
    if (!m.paired()) {
      KeyPolicy.checkPair(privateKey, publicKey.key());
    }
    return new DecryptionKey(privateKey, publicKey);
  }

  public String kid() {
    return publicKey.kid();
  }

  public KeyManagement algorithm() {
    return publicKey.algorithm();
  }

  public KeyType type() {
    return publicKey.type();
  }

  /** The public half, to publish: same kid and algorithm. */
  public EncryptionKey encryptionKey() {
    return publicKey;
  }

  /** The JCA private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  public DecryptionKey withKid(String kid) {
    return new DecryptionKey(privateKey, publicKey.withKid(kid));
  }

  /** The same key with another algorithm; {@link UnusableKeyException} if it does not fit the key type. */
  public DecryptionKey withAlgorithm(KeyManagement algorithm) {
    return new DecryptionKey(privateKey, publicKey.withAlgorithm(algorithm));
  }

  /** PEM PKCS#8: {@code -----BEGIN PRIVATE KEY-----}. */
  public String toPem() {
    return PemCodec.writePkcs8(privateKey);
  }

  /** The private JWK as JSON, with {@code kid} and {@code alg}. */
  public String toJwk() {
    return JwkCodec.toPrivateJson(privateKey, publicKey.key(), kid(), algorithm().joseName());
  }

  @Override
  public String toString() { // never the private key
    return "DecryptionKey[kid=" + kid() + ", " + type() + ", alg=" + algorithm() + "]";
  }
}
