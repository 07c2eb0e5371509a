package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlgorithmPinningTest {

  @Test
  void withAlgorithm_es384OnP256Key_refusedNamingWhatFits() {
    assertThatThrownBy(() -> KeyFixtures.p256().withAlgorithm(Algorithm.ES384))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("algorithm ES384 does not fit the EC P-256 key (it fits [ES256])");
  }

  @Test
  void withAlgorithm_rsaAlgorithmOnEd25519Key_refusedNamingWhatFits() {
    assertThatThrownBy(() -> KeyFixtures.ed25519().publicKey().withAlgorithm(Algorithm.RS256))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("algorithm RS256 does not fit the Ed25519 key (it fits [EdDSA, Ed25519])");
  }

  @Test
  void withAlgorithm_ecAlgorithmOnRsaKey_refusedNamingWhatFits() {
    assertThatThrownBy(() -> KeyFixtures.rsa2048().withAlgorithm(Algorithm.ES256))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("algorithm ES256 does not fit the RSA 2048 key (it fits [RS256, RS384, RS512, PS256, PS384, PS512])");
  }

  @Test
  void accepts_unpinnedRsaKey_acceptsRsAndPsOnly() {
    assertThat(accepted(KeyFixtures.rsa3072().publicKey()))
        .isEqualTo(EnumSet.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512, Algorithm.PS256, Algorithm.PS384, Algorithm.PS512));
  }

  @Test
  void accepts_rsaKeyPinnedToPs256_acceptsOnlyPs256() {
    VerificationKey key = KeyFixtures.rsa2048().publicKey().withAlgorithm(Algorithm.PS256);

    assertThat(accepted(key)).containsExactly(Algorithm.PS256);
    assertThat(key.algorithms()).containsExactly(Algorithm.PS256);
    assertThat(key.defaultAlgorithm()).isEqualTo(Algorithm.PS256);
  }

  @Test
  void accepts_ecKeys_acceptOnlyTheirCurvesAlgorithm() {
    assertThat(accepted(KeyFixtures.p256().publicKey())).containsExactly(Algorithm.ES256);
    assertThat(accepted(KeyFixtures.p384().publicKey())).containsExactly(Algorithm.ES384);
    assertThat(accepted(KeyFixtures.p521().publicKey())).containsExactly(Algorithm.ES512);
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = {"EdDSA", "Ed25519"})
  void accepts_ed25519KeyUnpinnedOrPinnedToEitherName_acceptsBothNames(Algorithm pin) {
    VerificationKey unpinned = KeyFixtures.ed25519().publicKey();
    VerificationKey pinned = unpinned.withAlgorithm(pin);

    assertThat(accepted(unpinned)).containsExactlyInAnyOrder(Algorithm.EdDSA, Algorithm.Ed25519);
    assertThat(accepted(pinned)).containsExactlyInAnyOrder(Algorithm.EdDSA, Algorithm.Ed25519);
    assertThat(pinned.defaultAlgorithm()).isEqualTo(pin);
  }

  @Test
  void defaultAlgorithm_unpinnedKeys_isRs256TheCurvesEsOrEdDsa() {
    assertThat(KeyFixtures.rsa4096().algorithm()).isEqualTo(Algorithm.RS256);
    assertThat(KeyFixtures.p256().algorithm()).isEqualTo(Algorithm.ES256);
    assertThat(KeyFixtures.p384().algorithm()).isEqualTo(Algorithm.ES384);
    assertThat(KeyFixtures.p521().algorithm()).isEqualTo(Algorithm.ES512);
    assertThat(KeyFixtures.ed25519().algorithm()).isEqualTo(Algorithm.EdDSA);
  }

  @Test
  void withAlgorithm_signingKey_pinsItsPublicKeyToo() {
    SigningKey pinned = KeyFixtures.rsa2048().withAlgorithm(Algorithm.PS512);

    assertThat(pinned.algorithm()).isEqualTo(Algorithm.PS512);
    assertThat(pinned.publicKey().algorithm()).contains(Algorithm.PS512);
    assertThat(pinned.kid()).isEqualTo(KeyFixtures.rsa2048().kid());
  }

  @Test
  void fromJoseName_hmacAndNone_areNoAlgorithms() {
    assertThat(Stream.of("none", "None", "HS256", "HS512", "ES256K", "es256"))
        .allSatisfy(name -> assertThat(Algorithm.fromJoseName(name)).isEmpty());
    assertThat(Algorithm.fromJoseName("EdDSA")).contains(Algorithm.EdDSA);
  }

  @Test
  void parse_userTypedName_isCaseInsensitiveAndRefusesHmac() {
    assertThat(Algorithm.parse("es256")).isEqualTo(Algorithm.ES256);
    assertThat(Algorithm.parse(" eddsa ")).isEqualTo(Algorithm.EdDSA);
    assertThatThrownBy(() -> Algorithm.parse("HS256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown algorithm: 'HS256' (expected one of "
            + "[RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519])");
  }

  @Test
  void parse_nameWithTerminalControls_quotedEscaped() {
    assertThatThrownBy(() -> Algorithm.parse("\u001b[2JES256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown algorithm: '\\u001b[2JES256' (expected one of ");
  }

  private static Set<Algorithm> accepted(VerificationKey key) {
    return Stream.of(Algorithm.values()).filter(key::accepts).collect(Collectors.toCollection(() -> EnumSet.noneOf(Algorithm.class)));
  }
}
