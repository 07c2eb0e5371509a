package dev.signet;

import static dev.signet.KeyFixtures.assertSameKey;
import static dev.signet.KeyFixtures.assertSamePublicKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JwkFormatTest {

  static Stream<Named<SigningKey>> allKeys() {
    return KeyFixtures.all();
  }

  /** Each key pinned to an algorithm other than its default, so a lost "alg" shows. */
  static Stream<Arguments> pinnedKeys() {
    return Stream.of(
        Arguments.of(Named.of("RSA 2048", KeyFixtures.rsa2048()), Algorithm.PS384),
        Arguments.of(Named.of("RSA 3072", KeyFixtures.rsa3072()), Algorithm.RS512),
        Arguments.of(Named.of("RSA 4096", KeyFixtures.rsa4096()), Algorithm.PS256),
        Arguments.of(Named.of("EC P-256", KeyFixtures.p256()), Algorithm.ES256),
        Arguments.of(Named.of("EC P-384", KeyFixtures.p384()), Algorithm.ES384),
        Arguments.of(Named.of("EC P-521", KeyFixtures.p521()), Algorithm.ES512),
        Arguments.of(Named.of("Ed25519", KeyFixtures.ed25519()), Algorithm.Ed25519));
  }

  @ParameterizedTest
  @MethodSource("pinnedKeys")
  void toJwk_pinnedKeyWithOwnKid_readsBackWithKidAlgorithmAndKey(SigningKey key, Algorithm algorithm) {
    SigningKey pinned = key.withKid("signing-2026-11").withAlgorithm(algorithm);

    SigningKey read = SigningKey.parse(pinned.toJwk());

    assertThat(read.kid()).isEqualTo("signing-2026-11");
    assertThat(read.algorithm()).isEqualTo(algorithm);
    assertThat(read.publicKey().algorithm()).contains(algorithm);
    assertSameKey(read, key);
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void toJwk_unpinnedKey_readsBackWithThumbprintKidAndNoAlgorithm(SigningKey key) {
    Map<String, Object> jwk = json(key.toJwk());

    assertThat(jwk).containsEntry("kid", key.publicKey().thumbprint()).doesNotContainKey("alg").containsKey("d");
    SigningKey read = SigningKey.parse(key.toJwk());
    assertThat(read.kid()).isEqualTo(key.kid());
    assertThat(read.publicKey().algorithm()).isEmpty();
    assertSameKey(read, key);
  }

  @ParameterizedTest
  @MethodSource("pinnedKeys")
  void publicKeyToJwk_pinnedKey_readsBackEqualWithoutAnyPrivateMember(SigningKey key, Algorithm algorithm) {
    VerificationKey pinned = key.publicKey().withKid("verify-1").withAlgorithm(algorithm);

    String jwk = pinned.toJwk();

    assertThat(json(jwk)).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi").containsEntry("alg", algorithm.name());
    VerificationKey read = VerificationKey.parse(jwk);
    assertThat(read).isEqualTo(pinned);
    assertSamePublicKey(read, key.publicKey());
  }

  @Test
  void toJwks_severalKeys_parseAllReadsEveryKeyInOrderWithKidAndAlgorithm() {
    List<VerificationKey> keys = List.of(
        KeyFixtures.rsa2048().publicKey().withKid("rsa").withAlgorithm(Algorithm.RS256),
        KeyFixtures.p384().publicKey(),
        KeyFixtures.ed25519().publicKey().withKid("ed").withAlgorithm(Algorithm.EdDSA));

    List<VerificationKey> read = VerificationKey.parseAll(VerificationKey.toJwks(keys));

    assertThat(read).containsExactlyElementsOf(keys);
    assertThat(read).extracting(VerificationKey::kid).containsExactly("rsa", KeyFixtures.p384().kid(), "ed");
  }

  @Test
  void parse_jwksWithSeveralKeys_refusedPointingToParseAll() {
    String jwks = VerificationKey.toJwks(List.of(KeyFixtures.p256().publicKey(), KeyFixtures.ed25519().publicKey()));

    assertThatThrownBy(() -> VerificationKey.parse(jwks))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("expected one key, found 2");
  }

  @Test
  void parse_jwksWithOneKey_readsThatKey() {
    String jwks = VerificationKey.toJwks(List.of(KeyFixtures.p521().publicKey()));

    assertThat(VerificationKey.parse(jwks)).isEqualTo(KeyFixtures.p521().publicKey());
  }

  @Test
  void parseAll_emptyJwks_givesNoKeys() {
    assertThat(VerificationKey.parseAll("{\"keys\":[]}")).isEmpty();
  }

  @Test
  void parseAll_jwksHoldingAPrivateKey_refusedAsPrivate() {
    String jwks = "{\"keys\":[" + KeyFixtures.p256().publicKey().toJwk() + "," + KeyFixtures.ed25519().toJwk() + "]}";

    assertThatThrownBy(() -> VerificationKey.parseAll(jwks))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("this is a private key; give the public key (the private half never leaves its owner)");
  }

  @Test
  void parse_jwkWithUnsupportedAlgorithm_refusedNamingIt() {
    Map<String, Object> jwk = json(KeyFixtures.rsa2048().publicKey().toJwk());
    jwk.put("alg", "HS256");

    assertThatThrownBy(() -> VerificationKey.parse(JSONObjectUtils.toJSONString(jwk)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported algorithm \"HS256\" on the key");
  }

  @Test
  void parse_jwkWithAlgorithmOfAnotherKeyType_refusedNamingWhatFits() {
    Map<String, Object> jwk = json(KeyFixtures.p256().publicKey().toJwk());
    jwk.put("alg", "RS256");

    assertThatThrownBy(() -> VerificationKey.parse(JSONObjectUtils.toJSONString(jwk)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("algorithm RS256 does not fit the EC P-256 key (it fits [ES256])");
  }

  @Test
  void parse_jwkWithAlgNone_refused() {
    Map<String, Object> jwk = json(KeyFixtures.ed25519().publicKey().toJwk());
    jwk.put("alg", "none");

    assertThatThrownBy(() -> VerificationKey.parse(JSONObjectUtils.toJSONString(jwk)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("unsupported algorithm \"none\" on the key");
  }

  static Stream<Arguments> mismatchedPrivateJwks() {
    return Stream.of(
        Arguments.of(Named.of("EC: d of another P-256 key", withMember(KeyFixtures.p256(), "d", SigningKey.generateEc("P-256"))),
            "EC P-256"),
        Arguments.of(Named.of("OKP: d of another Ed25519 key", withMember(KeyFixtures.ed25519(), "d", SigningKey.generateEd25519())),
            "Ed25519"),
        Arguments.of(Named.of("RSA: e that is not the one of d", withExponent(KeyFixtures.rsa2048(), "AQAD")), "RSA 2048"));
  }

  @ParameterizedTest
  @MethodSource("mismatchedPrivateJwks")
  void parse_privateJwkWhoseHalvesDoNotMatch_refused(String jwk, String description) {
    // regression: accepted, it signed tokens that its own kid could never verify
    assertThatThrownBy(() -> SigningKey.parse(jwk))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("the private key does not match its " + description + " public key");
  }

  @Test
  void parse_rsaJwkWithWrongExponent_leavesTheGenuineKeyAbleToSign() {
    // regression: checking the pair with the JDK's RSA poisoned its blinding cache for this modulus
    SigningKey genuine = SigningKey.generateRsa(2048);
    assertThatThrownBy(() -> SigningKey.parse(withExponent(genuine, "AQAD"))).isInstanceOf(UnusableKeyException.class);

    assertThat(KeyFixtures.signsAndVerifies(genuine.privateKey(), genuine.publicKey().key())).isTrue();
  }

  /** The private JWK of {@code key} with one member taken from {@code other}'s. */
  private static String withMember(SigningKey key, String member, SigningKey other) {
    Map<String, Object> jwk = json(key.toJwk());
    jwk.put(member, json(other.toJwk()).get(member));
    return JSONObjectUtils.toJSONString(jwk);
  }

  private static String withExponent(SigningKey key, String e) {
    Map<String, Object> jwk = json(key.toJwk());
    jwk.put("e", e);
    return JSONObjectUtils.toJSONString(jwk);
  }

  static Map<String, Object> json(String text) {
    try {
      return new LinkedHashMap<>(JSONObjectUtils.parse(text));
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }
}
