package dev.signet;

import static dev.signet.KeyFixtures.assertSameKey;
import static dev.signet.KeyFixtures.assertSamePublicKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PemFormatTest {
  private static final char[] PASSPHRASE = "pem test passphrase".toCharArray();
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  static Stream<Named<SigningKey>> allKeys() {
    return KeyFixtures.all();
  }

  static Stream<Named<SigningKey>> oneOfEachType() {
    return KeyFixtures.oneOfEachType();
  }

  static Stream<Named<SigningKey>> rsaKeys() {
    return Stream.of(
        Named.of("RSA 2048", KeyFixtures.rsa2048()),
        Named.of("RSA 3072", KeyFixtures.rsa3072()),
        Named.of("RSA 4096", KeyFixtures.rsa4096()));
  }

  static Stream<Named<SigningKey>> ecKeys() {
    return Stream.of(
        Named.of("EC P-256", KeyFixtures.p256()),
        Named.of("EC P-384", KeyFixtures.p384()),
        Named.of("EC P-521", KeyFixtures.p521()));
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void toPem_anyKey_writesPkcs8ThatReadsBackAsTheSameKey(SigningKey key) {
    String pem = key.toPem();

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    SigningKey read = SigningKey.parse(pem);
    assertSameKey(read, key);
    assertThat(read.kid()).isEqualTo(key.kid());
    assertThat(read.algorithm()).isEqualTo(key.algorithm());
  }

  @Test
  void toPem_pinnedKeyWithOwnKid_pkcs8CarriesNeitherSoReadBackHasDefaults() {
    SigningKey pinned = KeyFixtures.rsa2048().withKid("k-2026").withAlgorithm(Algorithm.PS512);

    SigningKey read = SigningKey.parse(pinned.toPem());

    assertThat(read.kid()).isEqualTo(pinned.publicKey().thumbprint());
    assertThat(read.algorithm()).isEqualTo(Algorithm.RS256);
    assertSameKey(read, pinned);
  }

  @ParameterizedTest
  @MethodSource("oneOfEachType")
  void toPemWithPassphrase_anyKeyType_writesEncryptedPkcs8ThatReadsBackWithThePassphrase(SigningKey key) {
    String pem = key.toPem(PASSPHRASE);

    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assertThat(pem).doesNotContain(key.toPem().lines().toList().get(1));
    assertSameKey(SigningKey.parse(pem, PASSPHRASE), key);
  }

  @Test
  void toPemWithPassphrase_emptyPassphrase_refused() {
    assertThatThrownBy(() -> KeyFixtures.p256().toPem(new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("passphrase must not be empty");
  }

  @Test
  void parse_ownEncryptedPkcs8WithoutPassphrase_refusedAskingForOne() {
    String pem = KeyFixtures.ed25519().toPem(PASSPHRASE);

    assertThatThrownBy(() -> SigningKey.parse(pem))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("the key is encrypted: a passphrase is needed");
  }

  @Test
  void parse_ownEncryptedPkcs8WithWrongPassphrase_refusedSayingSo() {
    String pem = KeyFixtures.ed25519().toPem(PASSPHRASE);

    assertThatThrownBy(() -> SigningKey.parse(pem, "not the passphrase".toCharArray()))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("cannot decrypt the key: wrong passphrase or unsupported encryption");
  }

  @ParameterizedTest
  @MethodSource("rsaKeys")
  void toTraditionalPem_rsaKey_writesPkcs1ThatReadsBackAsTheSameKey(SigningKey key) {
    String pem = key.toTraditionalPem();

    assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
    assertSameKey(SigningKey.parse(pem), key);
  }

  @ParameterizedTest
  @MethodSource("ecKeys")
  void toTraditionalPem_ecKey_writesSec1ThatReadsBackAsTheSameKey(SigningKey key) {
    String pem = key.toTraditionalPem();

    assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----\n").endsWith("-----END EC PRIVATE KEY-----\n");
    assertSameKey(SigningKey.parse(pem), key);
  }

  @Test
  void toTraditionalPem_ecKey_sec1NamesItsCurveAndCarriesItsPublicPoint() {
    // regression: SEC1 was written with neither, and then nothing could read it back
    var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(KeyFixtures.pemBody(KeyFixtures.p384().toTraditionalPem()));

    assertThat(sec1.getParametersObject()).hasToString("1.3.132.0.34"); // secp384r1
    assertThat(sec1.getPublicKey()).isNotNull();
  }

  @Test
  void parse_sec1AfterEcParametersBlock_readsTheKey() {
    String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + KeyFixtures.p256().toTraditionalPem();

    assertSameKey(SigningKey.parse(pem), KeyFixtures.p256());
  }

  @Test
  void toTraditionalPem_ed25519Key_refusedPointingToPkcs8() {
    assertThatThrownBy(() -> KeyFixtures.ed25519().toTraditionalPem())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("EdDSA keys have no traditional PEM form (PKCS#1 is RSA, SEC1 is EC); use PKCS#8");
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void publicKeyToPem_anyKey_writesSpkiThatReadsBackAsTheSameKey(SigningKey key) {
    String pem = key.publicKey().toPem();

    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    VerificationKey read = VerificationKey.parse(pem);
    assertSamePublicKey(read, key.publicKey());
    assertThat(read).isEqualTo(key.publicKey());
  }

  @ParameterizedTest
  @MethodSource("rsaKeys")
  void parse_pkcs1RsaPublicKey_readsTheKey(SigningKey key) {
    RSAPublicKey rsa = (RSAPublicKey) key.publicKey().key();
    byte[] pkcs1 = encoded(new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()));

    VerificationKey read = VerificationKey.parse(KeyFixtures.pem("RSA PUBLIC KEY", pkcs1));

    assertSamePublicKey(read, key.publicKey());
  }

  @ParameterizedTest
  @MethodSource("legacyEncryptable")
  void parse_legacyOpenSslEncryptedPem_readsTheKeyWithThePassphrase(SigningKey key) {
    String pem = legacyEncrypted(key);

    assertThat(pem).contains("Proc-Type: 4,ENCRYPTED");
    assertSameKey(SigningKey.parse(pem, PASSPHRASE), key);
  }

  static Stream<Named<SigningKey>> legacyEncryptable() {
    return Stream.of(Named.of("RSA 2048", KeyFixtures.rsa2048()), Named.of("EC P-521", KeyFixtures.p521()));
  }

  @Test
  void parse_legacyOpenSslEncryptedPemWithoutPassphrase_refusedAskingForOne() {
    String pem = legacyEncrypted(KeyFixtures.p256());

    assertThatThrownBy(() -> SigningKey.parse(pem))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("the key is encrypted: a passphrase is needed");
  }

  @Test
  void parse_legacyOpenSslEncryptedPemWithWrongPassphrase_refusedSayingSo() {
    String pem = legacyEncrypted(KeyFixtures.p256());

    assertThatThrownBy(() -> SigningKey.parse(pem, "not the passphrase".toCharArray()))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("cannot decrypt the key: wrong passphrase or unsupported encryption");
  }

  @Test
  void parse_x509Certificate_readsItsPublicKey() throws OperatorCreationException {
    SigningKey key = KeyFixtures.p256();
    Instant now = Instant.parse("2026-11-29T00:00:00Z");
    X509CertificateHolder certificate =
        new JcaX509v3CertificateBuilder(
                new X500Name("CN=signet test"), BigInteger.ONE, Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=signet test"), key.publicKey().key())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey()));

    VerificationKey read = VerificationKey.parse(KeyFixtures.pem("CERTIFICATE", encoded(certificate)));

    assertSamePublicKey(read, key.publicKey());
  }

  /** What {@code openssl rsa|ec -aes256 -traditional} writes. */
  private static String legacyEncrypted(SigningKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      Object privateKey = key.privateKey();
      if (key.type() == KeyType.EC) { // from the JDK's encoding BouncyCastle would drop curve and point
        privateKey = new PrivateKeyInfo(
            SubjectPublicKeyInfo.getInstance(key.publicKey().key().getEncoded()).getAlgorithm(),
            org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(KeyFixtures.pemBody(key.toTraditionalPem())));
      }
      writer.writeObject(privateKey, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(PASSPHRASE));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toString();
  }

  private static byte[] encoded(org.bouncycastle.asn1.ASN1Object object) {
    try {
      return object.getEncoded();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] encoded(X509CertificateHolder certificate) {
    try {
      return certificate.getEncoded();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
