package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMDecryptorProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.jspecify.annotations.Nullable;

/**
 * PEM in every form SPEC §2 names, through BouncyCastle: PKCS#8 (plain and encrypted), PKCS#1
 * ({@code RSA PRIVATE KEY}, {@code RSA PUBLIC KEY}), SEC1 ({@code EC PRIVATE KEY}), SPKI
 * ({@code PUBLIC KEY}), OpenSSL's legacy encrypted PEM, and X.509 certificates (their public key).
 *
 * <p>Keys come out as the JDK's own key objects (BouncyCastle only parses and encrypts), so any
 * JCA provider can use them. The BouncyCastle provider is used, as an instance and never installed,
 * for encrypted keys only ({@link BouncyCastle}).
 */
public final class PemCodec {
  /** PBKDF2-HMAC-SHA256 iterations for encrypted PKCS#8: OWASP's 2023 figure. */
  private static final int PBKDF2_ITERATIONS = 600_000;

  private PemCodec() {}

  public static boolean looksLikePem(String text) {
    return PemArmour.looksLikePem(text);
  }

  /** Whether the text has a private key block of any kind, encrypted or not, without decoding it. */
  public static boolean holdsPrivateKey(String text) {
    return PemArmour.holdsPrivateKey(text);
  }

  /**
   * Reads the first key in {@code text}; a passphrase is needed only for encrypted keys. The
   * armour is checked first ({@link PemArmour}); the caller bounds the text's length.
   */
  public static KeyMaterial read(String text, char @Nullable [] passphrase) {
    PemArmour.check(text);
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        KeyMaterial key = toKey(o, passphrase);
        if (key != null) {
          return key;
        }
      }
    } catch (UnusableKeyException e) {
      throw e; // already says what is wrong; "not a readable PEM key" would mislead
    } catch (IOException | RuntimeException e) { // BouncyCastle throws NPE for an empty PEM body
      throw new UnusableKeyException("not a readable PEM key: " + describe(e), e);
    }
    throw new UnusableKeyException("no key found in PEM text (expected a BEGIN … KEY block)");
  }

  private static @Nullable KeyMaterial toKey(Object o, char @Nullable [] passphrase)
      throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    return switch (o) {
      case SubjectPublicKeyInfo spki -> new KeyMaterial(converter.getPublicKey(spki), null, null, null, null);
      case X509CertificateHolder cert ->
          new KeyMaterial(converter.getPublicKey(cert.getSubjectPublicKeyInfo()), null, null, null, null);
      // SEC1 may omit the public point; it is derived from the private key anyway
      case PEMKeyPair pair -> fromPrivate(converter.getPrivateKey(pair.getPrivateKeyInfo()));
      case PrivateKeyInfo info -> fromPrivate(converter.getPrivateKey(info));
      case PKCS8EncryptedPrivateKeyInfo encrypted -> fromPrivate(converter.getPrivateKey(decrypt(encrypted, passphrase)));
      case PEMEncryptedKeyPair legacy ->
          fromPrivate(converter.getPrivateKey(decrypt(legacy, passphrase).getPrivateKeyInfo()));
      default -> null; // EC PARAMETERS and other companions of a key
    };
  }

  private static KeyMaterial fromPrivate(PrivateKey privateKey) {
    return new KeyMaterial(PublicKeys.derive(privateKey), privateKey, null, null, null);
  }

  private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo info, char @Nullable [] passphrase) {
    if (passphrase == null) {
      throw new UnusableKeyException("the key is encrypted: a passphrase is needed");
    }
    PbeLimits.check(info.getEncryptionAlgorithm());
    try {
      InputDecryptorProvider decryptor =
          new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.provider()).build(passphrase);
      return info.decryptPrivateKeyInfo(decryptor);
    } catch (OperatorCreationException | PKCSException e) {
      throw new UnusableKeyException("cannot decrypt the key: wrong passphrase or unsupported encryption", e);
    }
  }

  private static PEMKeyPair decrypt(PEMEncryptedKeyPair legacy, char @Nullable [] passphrase) {
    if (passphrase == null) {
      throw new UnusableKeyException("the key is encrypted: a passphrase is needed");
    }
    try {
      PEMDecryptorProvider decryptor = new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.provider()).build(passphrase);
      return legacy.decryptKeyPair(decryptor);
    } catch (IOException e) {
      throw new UnusableKeyException("cannot decrypt the key: wrong passphrase or unsupported encryption", e);
    }
  }

  /** {@code BEGIN PUBLIC KEY} (SPKI). */
  public static String writePublic(PublicKey key) {
    return PemText.publicKey(key);
  }

  /** {@code BEGIN PRIVATE KEY} (PKCS#8). */
  public static String writePkcs8(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (PemGenerationException e) {
      throw new IllegalStateException("cannot encode " + key.getAlgorithm() + " key as PKCS#8", e);
    }
  }

  /** {@code BEGIN ENCRYPTED PRIVATE KEY}: PKCS#8 under PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256. */
  public static String writeEncryptedPkcs8(PrivateKey key, char[] passphrase) {
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("passphrase must not be empty");
    }
    try {
      OutputEncryptor encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
              .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setProvider(BouncyCastle.provider())
              .setPassword(passphrase)
              .build();
      return write(new JcaPKCS8Generator(key, encryptor));
    } catch (OperatorCreationException | PemGenerationException e) {
      throw new IllegalStateException("cannot encrypt " + key.getAlgorithm() + " key", e);
    }
  }

  /** {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY} (SEC1). */
  public static String writeTraditional(PrivateKey key, PublicKey publicKey) {
    String algorithm = key.getAlgorithm();
    if (!algorithm.equals("RSA") && !algorithm.equals("EC")) {
      throw new IllegalStateException(
          algorithm + " keys have no traditional PEM form (PKCS#1 is RSA, SEC1 is EC); use PKCS#8");
    }
    if (key instanceof ECPrivateKey ec) {
      return write(sec1(ec, publicKey));
    }
    return write(new KeyPair(publicKey, key));
  }

  /**
   * SEC1 with the curve and the public point, as openssl writes it. The JDK's PKCS#8 encoding of
   * an EC key carries neither inside its ECPrivateKey, so converting that alone gives a SEC1
   * block no reader can use.
   */
  private static PemObject sec1(ECPrivateKey key, PublicKey publicKey) {
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    try {
      var sec1 =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              key.getParams().getOrder().bitLength(),
              key.getS(),
              spki.getPublicKeyData(),
              spki.getAlgorithm().getParameters());
      return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode EC key as SEC1", e);
    }
  }

  private static String write(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PemObjectGenerator generator) {
        writer.writeObject(generator);
      } else {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write PEM", e);
    }
    return out.toString();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
