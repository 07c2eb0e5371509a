package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.KeyFixtures;
import dev.signet.SigningKey;
import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK-only reading of plain PKCS#8 and SPKI ({@link PlainPkcs8}, {@link PlainSpki}): it must
 * give the key BouncyCastle's reading gives, for the files {@code signet keygen} and
 * {@code openssl genpkey} write, and leave everything else to BouncyCastle (a {@code null}).
 */
class PlainPkcs8Test {

  @ParameterizedTest(name = "{0}")
  @EnumSource(names = {"RS256", "ES256", "ES384", "ES512", "EdDSA"})
  void read_keygenOutput_theSameKeyWithoutBouncyCastle(Algorithm algorithm) {
    SigningKey generated = SigningKey.generate(algorithm);
    String pem = generated.toPem();

    KeyMaterial plain = PlainPkcs8.read(pem);

    assertThat(plain).isNotNull();
    assertThat(plain.paired()).isTrue();
    assertThat(plain.publicKey().getEncoded()).isEqualTo(generated.publicKey().key().getEncoded());
    assertThat(KeyFixtures.signsAndVerifies(plain.privateKey(), generated.publicKey().key())).isTrue();
    assertThat(SigningKey.parse(pem).kid()).isEqualTo(generated.kid());
    assertThat(PemCodec.read(pem, null).publicKey().getEncoded()).as("BouncyCastle's reading").isEqualTo(plain.publicKey().getEncoded());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rsa-2048-genpkey", "ec-p256-genpkey", "ec-p384-genpkey", "ec-p521-genpkey", "ed25519-pkcs8"})
  void read_opensslGenpkeyFile_withoutBouncyCastle_publicHalfAsOpensslPrinted(String name) {
    String pem = fixture(name + ".pem");

    KeyMaterial plain = PlainPkcs8.read(pem);

    assertThat(plain).isNotNull();
    assertThat(PemText.publicKey(plain.publicKey())).isEqualTo(fixture(name.replace("-pkcs8", "") + ".pub.pem"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(names = {"RS256", "ES256", "ES384", "ES512", "EdDSA"})
  void toPem_isWhatBouncyCastleWrote(Algorithm algorithm) {
    SigningKey key = SigningKey.generate(algorithm);

    assertThat(key.toPem()).isEqualTo(PemCodec.writePkcs8(key.privateKey()));
  }

  @Test
  void read_ecKeyWithItsPoint_theSameKeyWithoutBouncyCastle() throws IOException {
    SigningKey key = SigningKey.generate(Algorithm.ES384);
    String withPoint = KeyFixtures.pem("PRIVATE KEY", ecWithPoint(key, key.publicKey().key()));

    KeyMaterial plain = PlainPkcs8.read(withPoint);

    assertThat(plain).isNotNull();
    assertThat(plain.publicKey().getEncoded()).isEqualTo(key.publicKey().key().getEncoded());
  }

  @Test
  void read_ed25519Version2WithItsPublicKey_withoutBouncyCastle() throws IOException {
    SigningKey key = SigningKey.generate(Algorithm.EdDSA);
    String v2 = KeyFixtures.pem("PRIVATE KEY", ed25519Version2(key.privateKey(), key.publicKey().key()));

    assertThat(PlainPkcs8.read(v2)).isNotNull();
    assertThat(SigningKey.parse(v2).kid()).isEqualTo(key.kid());
  }

  @Test
  void read_ecKeyWithAnotherKeysPoint_thePrivateKeysOwnAsBouncyCastleReadsIt() throws IOException {
    SigningKey key = SigningKey.generate(Algorithm.ES256);
    SigningKey other = SigningKey.generate(Algorithm.ES256);
    String mismatched = KeyFixtures.pem("PRIVATE KEY", ecWithPoint(key, other.publicKey().key()));

    KeyMaterial plain = PlainPkcs8.read(mismatched);

    assertThat(plain).isNotNull();
    assertThat(plain.publicKey().getEncoded())
        .isEqualTo(key.publicKey().key().getEncoded())
        .isEqualTo(PemCodec.read(mismatched, null).publicKey().getEncoded());
    assertThat(SigningKey.parse(mismatched).kid()).isEqualTo(key.kid());
  }

  @Test
  void read_ed25519KeyWithAnotherKeysPublicKey_thePrivateKeysOwnAsBouncyCastleReadsIt() throws IOException {
    SigningKey key = SigningKey.generate(Algorithm.EdDSA);
    SigningKey other = SigningKey.generate(Algorithm.EdDSA);
    String mismatched = KeyFixtures.pem("PRIVATE KEY", ed25519Version2(key.privateKey(), other.publicKey().key()));

    KeyMaterial plain = PlainPkcs8.read(mismatched);

    assertThat(plain).isNotNull();
    assertThat(plain.publicKey().getEncoded())
        .isEqualTo(key.publicKey().key().getEncoded())
        .isEqualTo(PemCodec.read(mismatched, null).publicKey().getEncoded());
  }

  @Test
  void read_rsaKeyWithAWrongExponent_refusedAndTheGenuineKeyStillSigns() throws GeneralSecurityException {
    SigningKey genuine = SigningKey.generate(Algorithm.RS256);
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) genuine.privateKey();
    PrivateKey wrongExponent = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
        k.getModulus(), BigInteger.valueOf(65539), k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(),
        k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()));
    String mismatched = KeyFixtures.pem("PRIVATE KEY", wrongExponent.getEncoded());

    assertThat(PlainPkcs8.read(mismatched)).isNull();
    assertThatThrownBy(() -> SigningKey.parse(mismatched))
        .isInstanceOf(UnusableKeyException.class)
        .hasMessage("the private key does not match its RSA 2048 public key");
    SigningKey again = SigningKey.parse(genuine.toPem());
    assertThat(KeyFixtures.signsAndVerifies(again.privateKey(), genuine.publicKey().key())).isTrue();
  }

  @Test
  void read_anythingButOneCanonicalPlainBlock_leftToBouncyCastle() {
    String pem = SigningKey.generate(Algorithm.ES256).toPem();

    assertThat(PlainPkcs8.read(pem)).isNotNull();
    assertThat(PlainPkcs8.read(pem.replace("\n-----END", "====\n-----END"))).as("extra padding").isNull();
    assertThat(PlainPkcs8.read(pem.replace("KEY-----\n", "KEY-----\nComment: x\n\n"))).as("a header").isNull();
    assertThat(PlainPkcs8.read(pem + pem)).as("two blocks").isNull();
    assertThat(PlainPkcs8.read(fixture("ec-p256.pub.pem") + pem)).as("another block first").isNull();
    assertThat(PlainPkcs8.read(pem.replace("PRIVATE KEY", "EC PRIVATE KEY"))).as("another label").isNull();
  }

  @Test
  void onlyBlock_base64ThatIsNotCanonical_null() {
    assertThat(PemText.onlyBlock(KeyFixtures.pem("PRIVATE KEY", new byte[] {1}), "PRIVATE KEY")).containsExactly(1);
    assertThat(PemText.onlyBlock("-----BEGIN PRIVATE KEY-----\nAR==\n-----END PRIVATE KEY-----\n", "PRIVATE KEY"))
        .as("stray bits").isNull();
    assertThat(PemText.onlyBlock("-----BEGIN PRIVATE KEY-----\nAQ\n-----END PRIVATE KEY-----\n", "PRIVATE KEY"))
        .as("no padding").isNull();
    assertThat(PemText.onlyBlock("-----BEGIN PRIVATE KEY-----\nA=Q=\n-----END PRIVATE KEY-----\n", "PRIVATE KEY"))
        .as("padding inside").isNull();
  }

  @Test
  void read_derThatIsNotTheKnownShape_leftToBouncyCastle() {
    byte[] der = Base64.getMimeDecoder().decode(body(SigningKey.generate(Algorithm.ES256).toPem()));
    byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2); // 05 00 after the key
    trailing[der.length] = 5;
    assertThat(der[1] & 0xff).as("a short-form length").isLessThan(0x80);
    byte[] longForm = new byte[der.length + 1]; // the same length in the long form, which DER forbids
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    System.arraycopy(der, 1, longForm, 2, der.length - 1);

    assertThat(PlainPkcs8.read(KeyFixtures.pem("PRIVATE KEY", der))).isNotNull();
    assertThat(PlainPkcs8.read(KeyFixtures.pem("PRIVATE KEY", trailing))).isNull();
    assertThat(PlainPkcs8.read(KeyFixtures.pem("PRIVATE KEY", longForm))).isNull();
    assertThat(PlainPkcs8.read(KeyFixtures.pem("PRIVATE KEY", java.util.Arrays.copyOf(der, der.length - 1)))).isNull();
    assertThat(PlainPkcs8.read(fixture("ed448-pkcs8.pem"))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rsa-2048.pub.pem", "ec-p256.pub.pem", "ec-p384.pub.pem", "ec-p521.pub.pem", "ed25519.pub.pem"})
  void readSpki_opensslPublicKey_theKeyBouncyCastleReads(String name) {
    String pem = fixture(name);

    KeyMaterial plain = PlainSpki.read(pem);

    assertThat(plain).isNotNull();
    assertThat(plain.publicKey().getEncoded()).isEqualTo(PemCodec.read(pem, null).publicKey().getEncoded());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ec-secp256k1.pub.pem", "x25519.pub.pem", "ed448.pub.pem", "rsa-2048-pkcs1-public.pem"})
  void readSpki_keysOfOtherKinds_leftToBouncyCastle(String name) {
    assertThat(PlainSpki.read(fixture(name))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(names = {"RS256", "ES256", "EdDSA"})
  void publicKeyPem_isWhatBouncyCastleWrites(Algorithm algorithm) throws IOException {
    PublicKey key = SigningKey.generate(algorithm).publicKey().key();
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }

    assertThat(PemText.publicKey(key)).isEqualTo(out.toString());
  }

  /** PKCS#8 with the SEC1 key inside carrying {@code point}, as openssl writes it. */
  private static byte[] ecWithPoint(SigningKey key, PublicKey point) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.privateKey().getEncoded());
    ECPrivateKey ec = (ECPrivateKey) key.privateKey();
    var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
        SubjectPublicKeyInfo.getInstance(point.getEncoded()).getPublicKeyData(), null);
    return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), sec1).getEncoded();
  }

  private static byte[] ed25519Version2(PrivateKey privateKey, PublicKey publicKey) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKey.getEncoded());
    return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(),
        DEROctetString.getInstance(info.parsePrivateKey()), null, Ed25519Spki.raw(publicKey)).getEncoded();
  }

  private static String body(String pem) {
    return pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
  }

  private static String fixture(String name) {
    try (InputStream in = PlainPkcs8Test.class.getResourceAsStream("/keys/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture keys/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
