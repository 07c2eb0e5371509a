package dev.signet;

import static dev.signet.KeyFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPolicyTest {
  private static final String PRIVATE_GIVEN =
      "this is a private key; give the public key (the private half never leaves its owner)";
  private static final String PUBLIC_GIVEN = "this is a public key; signing needs the private key";

  @Test
  void parse_rsa1024PrivateKey_refusedAsTooSmall() {
    assertThatThrownBy(() -> SigningKey.parse(fixture("rsa-1024-pkcs1.pem")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA key is 1024 bits; Signet requires at least 2048");
  }

  @Test
  void of_rsa1024PublicKey_refusedAsTooSmall() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair pair = generator.generateKeyPair();

    assertThatThrownBy(() -> VerificationKey.of(pair.getPublic()))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA key is 1024 bits; Signet requires at least 2048");
    assertThatThrownBy(() -> SigningKey.of(pair))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA key is 1024 bits; Signet requires at least 2048");
  }

  @Test
  void parse_rsaJwkWithEvenExponent_refused() {
    assertThatThrownBy(() -> VerificationKey.parse(rsaJwk(modulusOf(KeyFixtures.rsa2048()), "AQAC")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA public exponent must be odd and between 65537 and 2^256, not 65538");
  }

  @Test
  void parse_rsaJwkWithExponent3_refused() {
    assertThatThrownBy(() -> VerificationKey.parse(rsaJwk(modulusOf(KeyFixtures.rsa2048()), "Aw")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA public exponent must be odd and between 65537 and 2^256, not 3");
  }

  @Test
  void parse_opensslRsaKeyWithExponent3_refused() {
    assertThatThrownBy(() -> VerificationKey.parse(fixture("rsa-2048-exponent-3.pub.pem")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA public exponent must be odd and between 65537 and 2^256, not 3");
  }

  @Test
  void parse_rsaJwkOver8192Bits_refusedAsTooLarge() {
    byte[] modulus = new byte[8200 / 8]; // not a real RSA modulus: the size check comes first
    new SecureRandom().nextBytes(modulus);
    modulus[0] |= (byte) 0x80;
    modulus[modulus.length - 1] |= 1;

    assertThatThrownBy(() -> VerificationKey.parse(rsaJwk(Base64URL.encode(modulus).toString(), "AQAB")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA key is 8200 bits; Signet accepts at most 8192");
  }

  @Test
  void parse_ecJwkWithPointOffTheCurve_refused() {
    Map<String, Object> jwk = JwkFormatTest.json(KeyFixtures.p256().publicKey().toJwk());
    jwk.put("y", jwk.get("x"));

    assertThatThrownBy(() -> VerificationKey.parse(JSONObjectUtils.toJSONString(jwk)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("not a valid JWK: Invalid EC JWK: The 'x' and 'y' public coordinates are not on the P-256 curve");
  }

  @Test
  void parse_ecSpkiWithPointOffTheCurve_refused() {
    byte[] spki = KeyFixtures.p256().publicKey().key().getEncoded();
    spki[spki.length - 1] ^= 1; // the last byte of y

    assertThatThrownBy(() -> VerificationKey.parse(KeyFixtures.pem("PUBLIC KEY", spki)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("EC public point is not on curve P-256");
  }

  @Test
  void parse_secp256k1Spki_refusedAsUnsupportedCurve() {
    assertThatThrownBy(() -> VerificationKey.parse(fixture("ec-secp256k1.pub.pem")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported EC curve secp256k1 (expected P-256, P-384 or P-521)");
  }

  @Test
  void parse_secp256k1Jwk_refusedAsUnsupportedCurve() throws GeneralSecurityException {
    ECPublicKey k1 = (ECPublicKey) KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(KeyFixtures.pemBody(fixture("ec-secp256k1.pub.pem"))));
    String jwk = new ECKey.Builder(Curve.SECP256K1, k1).build().toJSONString();

    assertThatThrownBy(() -> VerificationKey.parse(jwk))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported curve secp256k1 (expected one of [P-256, P-384, P-521])");
  }

  @ParameterizedTest
  @CsvSource({"x25519.pub.pem, X25519", "ed448.pub.pem, Ed448"})
  void parse_opensslX25519OrEd448Spki_refusedAsUnsupportedKeyType(String file, String name) {
    assertThatThrownBy(() -> VerificationKey.parse(fixture(file)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported key type " + name + " (expected RSA, EC P-256/P-384/P-521 or Ed25519)");
  }

  @Test
  void parse_opensslEd448PrivateKey_refusedAsUnsupportedKeyType() {
    assertThatThrownBy(() -> SigningKey.parse(fixture("ed448-pkcs8.pem")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported private key type Ed448 (expected RSA, EC or Ed25519)");
  }

  @Test
  void of_jdkX25519Key_refusedAsUnsupportedKeyType() throws GeneralSecurityException {
    KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();

    assertThatThrownBy(() -> VerificationKey.of(pair.getPublic()))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported key type X25519 (expected RSA, EC P-256/P-384/P-521 or Ed25519)");
  }

  @ParameterizedTest
  @CsvSource({"X25519, 32", "Ed448, 57", "X448, 56"})
  void parse_okpJwkOnOtherCurveThanEd25519_refusedAsUnsupportedCurve(String curve, int keyBytes) {
    String jwk = "{\"kty\":\"OKP\",\"crv\":\"" + curve + "\",\"x\":\"" + Base64URL.encode(new byte[keyBytes]) + "\"}";

    assertThatThrownBy(() -> VerificationKey.parse(jwk))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported curve " + curve + " (expected one of [Ed25519])");
  }

  @Test
  void parse_symmetricOctJwk_refusedEverywhere() {
    String oct = "{\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}";
    String message = "symmetric (kty \"oct\") keys are never accepted: Signet verifies with public keys only";

    assertThatThrownBy(() -> VerificationKey.parse(oct)).isExactlyInstanceOf(UnusableKeyException.class).hasMessage(message);
    assertThatThrownBy(() -> VerificationKey.parseAll("{\"keys\":[" + oct + "]}"))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> SigningKey.parse(oct)).isExactlyInstanceOf(UnusableKeyException.class).hasMessage(message);
  }

  static Stream<Arguments> privateKeyTexts() {
    return Stream.of(
        Arguments.of(Named.of("PKCS#8", KeyFixtures.p256().toPem())),
        Arguments.of(Named.of("PKCS#1", KeyFixtures.rsa2048().toTraditionalPem())),
        Arguments.of(Named.of("SEC1", KeyFixtures.p384().toTraditionalPem())),
        Arguments.of(Named.of("SEC1 after EC PARAMETERS (openssl)", fixture("ec-p256-sec1.pem"))),
        Arguments.of(Named.of("encrypted PKCS#8 (openssl)", fixture("ed25519-pkcs8-encrypted.pem"))),
        Arguments.of(Named.of("legacy encrypted PEM (openssl)", fixture("rsa-2048-pkcs1-encrypted-legacy.pem"))),
        Arguments.of(Named.of("private JWK", KeyFixtures.ed25519().toJwk())),
        Arguments.of(Named.of("JWKS of one private JWK", "{\"keys\":[" + KeyFixtures.p521().toJwk() + "]}")));
  }

  @ParameterizedTest
  @MethodSource("privateKeyTexts")
  void verificationKeyParse_privateKey_refusedAskingForThePublicKey(String text) {
    assertThatThrownBy(() -> VerificationKey.parse(text))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage(PRIVATE_GIVEN);
  }

  static Stream<Arguments> publicKeyTexts() {
    return Stream.of(
        Arguments.of(Named.of("SPKI", KeyFixtures.p256().publicKey().toPem())),
        Arguments.of(Named.of("PKCS#1 public (openssl)", fixture("rsa-2048-pkcs1-public.pem"))),
        Arguments.of(Named.of("public JWK", KeyFixtures.ed25519().publicKey().toJwk())));
  }

  @ParameterizedTest
  @MethodSource("publicKeyTexts")
  void signingKeyParse_publicKey_refusedAskingForThePrivateKey(String text) {
    assertThatThrownBy(() -> SigningKey.parse(text))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage(PUBLIC_GIVEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "line\nbreak", "tab\there"})
  void withKid_emptyOrWithControlCharacters_refused(String kid) {
    assertThatThrownBy(() -> KeyFixtures.p256().publicKey().withKid(kid))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("kid must be 1-256 characters without control, format or separator characters");
  }

  @Test
  void withKid_257Characters_refusedAndWith256Accepted() {
    assertThat(KeyFixtures.p256().withKid("k".repeat(256)).kid()).hasSize(256);
    assertThatThrownBy(() -> KeyFixtures.p256().withKid("k".repeat(257)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("kid must be 1-256 characters without control, format or separator characters");
  }

  @Test
  void parse_textOverTheLimit_refusedBeforeParsing() {
    String huge = KeyFixtures.ed25519().publicKey().toOpenSsh() + " " + "x".repeat(1 << 20);

    assertThatThrownBy(() -> VerificationKey.parse(huge))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("key text is " + huge.length() + " characters; Signet reads at most 524288");
    assertThatThrownBy(() -> SigningKey.parse(huge))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("key text is " + huge.length() + " characters; Signet reads at most 524288");
  }

  private static String modulusOf(SigningKey key) {
    return (String) JwkFormatTest.json(key.publicKey().toJwk()).get("n");
  }

  private static String rsaJwk(String n, String e) {
    return "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\"}";
  }
}
