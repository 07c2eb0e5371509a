package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.interfaces.RSAPublicKey;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SigningKeyGenerationTest {

  static Stream<Arguments> generatedKeys() {
    return Stream.of(
        Arguments.of(Named.of("generateRsa(2048)", KeyFixtures.rsa2048()), KeyType.RSA, "RSA 2048", Algorithm.RS256),
        Arguments.of(Named.of("generateRsa(3072)", KeyFixtures.rsa3072()), KeyType.RSA, "RSA 3072", Algorithm.RS256),
        Arguments.of(Named.of("generateRsa(4096)", KeyFixtures.rsa4096()), KeyType.RSA, "RSA 4096", Algorithm.RS256),
        Arguments.of(Named.of("generateEc(P-256)", KeyFixtures.p256()), KeyType.EC, "EC P-256", Algorithm.ES256),
        Arguments.of(Named.of("generateEc(P-384)", KeyFixtures.p384()), KeyType.EC, "EC P-384", Algorithm.ES384),
        Arguments.of(Named.of("generateEc(P-521)", KeyFixtures.p521()), KeyType.EC, "EC P-521", Algorithm.ES512),
        Arguments.of(Named.of("generateEd25519()", KeyFixtures.ed25519()), KeyType.OKP, "Ed25519", Algorithm.EdDSA));
  }

  @ParameterizedTest
  @MethodSource("generatedKeys")
  void generate_supportedSizeOrCurve_makesUnpinnedKeyOfThatKind(
      SigningKey key, KeyType type, String description, Algorithm defaultAlgorithm) {
    assertThat(key.type()).isEqualTo(type);
    assertThat(key.publicKey().description()).isEqualTo(description);
    assertThat(key.algorithm()).isEqualTo(defaultAlgorithm);
    assertThat(key.publicKey().algorithm()).isEmpty();
    assertThat(key.kid()).isEqualTo(key.publicKey().thumbprint());
  }

  @ParameterizedTest
  @MethodSource("generatedKeys")
  void generate_anyKind_privateKeySignsWhatPublicKeyVerifies(SigningKey key) {
    assertThat(KeyFixtures.signsAndVerifies(key.privateKey(), key.publicKey().key())).isTrue();
  }

  @Test
  void generateRsa_4096_modulusHasExactly4096Bits() {
    RSAPublicKey key = (RSAPublicKey) KeyFixtures.rsa4096().publicKey().key();

    assertThat(key.getModulus().bitLength()).isEqualTo(4096);
    assertThat(key.getPublicExponent().intValue()).isEqualTo(65537);
  }

  @Test
  void generateRsa_1024_refusedSaying2048IsTheMinimum() {
    assertThatThrownBy(() -> SigningKey.generateRsa(1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RSA key size must be 2048, 3072 or 4096 bits, not 1024 (2048 bits is the minimum)");
  }

  @Test
  void generateRsa_unofferedSize_refusedNamingTheOfferedSizes() {
    assertThatThrownBy(() -> SigningKey.generateRsa(2500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RSA key size must be 2048, 3072 or 4096 bits, not 2500");
  }

  @Test
  void generateEc_unsupportedCurve_refusedNamingTheSupportedCurves() {
    assertThatThrownBy(() -> SigningKey.generateEc("secp256k1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EC curve must be P-256, P-384 or P-521, not 'secp256k1'");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void generate_algorithm_pinsKeyToThatAlgorithm(Algorithm algorithm) {
    SigningKey key = SigningKey.generate(algorithm);

    assertThat(key.algorithm()).isEqualTo(algorithm);
    assertThat(key.publicKey().algorithm()).contains(algorithm);
    assertThat(key.type()).isEqualTo(algorithm.keyType());
    assertThat(key.publicKey().accepts(algorithm)).isTrue();
    if (algorithm.keyType() == KeyType.RSA) {
      assertThat(key.publicKey().description()).isEqualTo("RSA 2048");
    }
  }

  @Test
  void generateEd25519_unpinned_signsAsEdDsaForVerifiersThatKnowOnlyThatName() {
    assertThat(KeyFixtures.ed25519().algorithm()).isEqualTo(Algorithm.EdDSA);
  }

  @Test
  void generateEd25519_twice_givesTwoDifferentKeys() {
    assertThat(SigningKey.generateEd25519().kid()).isNotEqualTo(SigningKey.generateEd25519().kid());
  }
}
