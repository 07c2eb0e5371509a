package dev.signet;

import dev.signet.internal.JwkCodec;
import dev.signet.internal.KeyMaterial;
import dev.signet.internal.KeyPolicy;
import dev.signet.internal.KeyText;
import dev.signet.internal.PemCodec;
import dev.signet.internal.Pkcs8Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A private key that signs, together with its public {@link VerificationKey} (which carries the
 * {@code kid} and the algorithm). Generates RSA (2048, 3072, 4096 bits), EC (P-256, P-384, P-521)
 * and Ed25519 keys, and reads and writes every private format of SPEC §2:
 *
 * {@snippet :
 * SigningKey key = SigningKey.generate(Algorithm.ES256);
 * Files.writeString(path, key.toPem(passphrase));          // encrypted PKCS#8
 * SigningKey again = SigningKey.parse(Files.readString(path), passphrase);
 * }
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the private key, and no method
 * logs it.
 */
public final class SigningKey {
  private static final Map<String, Integer> CURVES = Map.of("P-256", 256, "P-384", 384, "P-521", 521);

  private final PrivateKey privateKey;
  private final VerificationKey publicKey;

  private SigningKey(PrivateKey privateKey, VerificationKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A new RSA key of 2048, 3072 or 4096 bits. */
  public static SigningKey generateRsa(int bits) {
    if (bits != 2048 && bits != 3072 && bits != 4096) {
      throw new IllegalArgumentException(
          "RSA key size must be 2048, 3072 or 4096 bits, not " + bits
              + (bits < 2048 ? " (2048 bits is the minimum)" : ""));
    }
    return generate("RSA", null, bits);
  }

  /** A new EC key on {@code P-256}, {@code P-384} or {@code P-521}. */
  public static SigningKey generateEc(String curve) {
    Integer size = CURVES.get(curve);
    if (size == null) {
      throw new IllegalArgumentException("EC curve must be P-256, P-384 or P-521, not '" + curve + "'");
    }
    return generate("EC", "secp" + size + "r1", 0);
  }

  /** A new Ed25519 key. */
  public static SigningKey generateEd25519() {
    return generate("Ed25519", null, 0);
  }

  /** A new key for {@code algorithm} (RSA keys are 2048 bits), pinned to it. */
  public static SigningKey generate(Algorithm algorithm) {
    SigningKey key = switch (algorithm.keyType()) {
      case RSA -> generateRsa(2048);
      case EC -> generateEc(algorithm.curve().orElseThrow());
      case OKP -> generateEd25519();
    };
    return key.withAlgorithm(algorithm);
  }

  private static SigningKey generate(String algorithm, @Nullable String curve, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else if (bits > 0) {
        generator.initialize(bits);
      }
      return of(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
    }
  }

  /** A signing key from a JCA key pair; its {@code kid} is the public key's RFC 7638 thumbprint. */
  public static SigningKey of(KeyPair pair) {
    return new SigningKey(Objects.requireNonNull(pair.getPrivate(), "private key"), VerificationKey.of(pair.getPublic()));
  }

  /**
   * Reads an unencrypted private key: PEM PKCS#8, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1
   * ({@code BEGIN EC PRIVATE KEY}) or a private JWK.
   *
   * @throws UnusableKeyException if the text holds no usable private key, or is encrypted
   */
  public static SigningKey parse(String text) {
    return parse(text, null);
  }

  /**
   * Reads a private key that may be encrypted (PEM {@code BEGIN ENCRYPTED PRIVATE KEY}, or
   * OpenSSL's legacy encrypted PEM) with {@code passphrase}.
   *
   * <p>PEM text is read up to 32 KiB (a key, or a key with its certificate chain), a JWK up to
   * 16 KiB, both in linear time; an encrypted key may ask for at most 2,000,000 PBKDF2
   * iterations, or scrypt with at most 64 MiB and N·r·p up to 2^20.
   *
   * @throws UnusableKeyException if the text holds no usable private key or the passphrase is wrong
   */
  public static SigningKey parse(String text, char @Nullable [] passphrase) {
    Objects.requireNonNull(text, "text");
    KeyMaterial m = KeyText.readPrivate(text, passphrase);
    PrivateKey privateKey = m.privateKey();
    if (privateKey == null) {
      throw new UnusableKeyException("this is a public key; signing needs the private key");
    }
    VerificationKey publicKey = VerificationKey.fromMaterial(m);
    if (!m.paired()) {
      KeyPolicy.checkPair(privateKey, publicKey.key());
    }
    return new SigningKey(privateKey, publicKey);
  }

  public String kid() {
    return publicKey.kid();
  }

  public KeyType type() {
    return publicKey.type();
  }

  /** The algorithm this key signs with: the pinned one, else RS256, the curve's ES*, or EdDSA. */
  public Algorithm algorithm() {
    return publicKey.defaultAlgorithm();
  }

  /** The public half, with the same kid and algorithm. */
  public VerificationKey publicKey() {
    return publicKey;
  }

  /** The JCA private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  public SigningKey withKid(String kid) {
    return new SigningKey(privateKey, publicKey.withKid(kid));
  }

  /** This key pinned to one algorithm. @throws UnusableKeyException if it does not fit the key */
  public SigningKey withAlgorithm(Algorithm algorithm) {
    return new SigningKey(privateKey, publicKey.withAlgorithm(algorithm));
  }

  /** PEM PKCS#8: {@code -----BEGIN PRIVATE KEY-----}. */
  public String toPem() {
    return Pkcs8Pem.write(privateKey);
  }

  /**
   * Encrypted PEM PKCS#8 ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}): PBES2 with
   * AES-256-CBC and PBKDF2-HMAC-SHA256, 600,000 iterations.
   */
  public String toPem(char[] passphrase) {
    return PemCodec.writeEncryptedPkcs8(privateKey, passphrase);
  }

  /**
   * The traditional OpenSSL form: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) for RSA, SEC1
   * ({@code BEGIN EC PRIVATE KEY}) for EC.
   *
   * @throws IllegalStateException for Ed25519, which has no such form
   */
  public String toTraditionalPem() {
    return PemCodec.writeTraditional(privateKey, publicKey.key());
  }

  /** The private JWK as JSON, with {@code kid}, and {@code alg} when pinned. */
  public String toJwk() {
    return JwkCodec.toPrivateJson(
        privateKey, publicKey.key(), kid(), publicKey.algorithm().map(Algorithm::name).orElse(null));
  }

  @Override
  public String toString() { // never the private key
    return "SigningKey[kid=" + kid() + ", " + publicKey.description() + ", alg=" + algorithm() + "]";
  }

}
