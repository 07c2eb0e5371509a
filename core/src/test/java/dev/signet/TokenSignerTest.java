package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static dev.signet.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TokenSigner} and {@link RequestTokenBuilder}: what they put in tokens, and that the verifiers accept it. */
class TokenSignerTest {
  private final MutableClock clock = Fixtures.clock();

  private static Map<String, Object> header(String token) throws ParseException {
    return JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8));
  }

  private static Map<String, Object> payload(String token) throws ParseException {
    return JSONObjectUtils.parse(Fixtures.payloadOf(token));
  }

  private RequestTokenVerifier requestVerifier(SigningKey key) {
    return RequestTokenVerifier.builder(new InMemoryPrincipalKeys().add(ALICE, key.publicKey())).audience(AUDIENCE).clock(clock).build();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void requestToken_everyAlgorithm_roundTripsBothProfiles(Algorithm alg) throws ParseException {
    SigningKey key = TestKeys.of(alg);
    TokenSigner signer = TokenSigner.of(key, clock, null);
    RequestTokenVerifier verifier = requestVerifier(key);

    String compatible = signer.requestToken(ALICE).sign();
    String standard = signer.requestToken(ALICE).audience(AUDIENCE).sign();
    RequestContext request = RequestContext.of("POST", URI.create("https://api.example.com/x?b=2&a=1"), "hi".getBytes(StandardCharsets.UTF_8));
    String bound = signer.requestToken(ALICE).audience(AUDIENCE).bind(request).sign();
    String viaTestKit = TestTokens.signedBy(key).clock(clock).compatible(ALICE).sign();

    assertThat(header(compatible)).containsEntry("alg", alg.name()).containsEntry("kid", key.kid()).containsEntry("typ", "JWT");
    assertThat(verifier.verify(compatible)).isInstanceOfSatisfying(Verification.Valid.class, v -> {
      assertThat(v.token().algorithm()).isEqualTo(alg);
      assertThat(v.token().profile()).isEqualTo(TokenProfile.COMPATIBLE);
    });
    assertThat(verifier.verify(standard)).isInstanceOfSatisfying(Verification.Valid.class,
        v -> assertThat(v.token().profile()).isEqualTo(TokenProfile.STANDARD));
    assertThat(payload(bound)).containsKeys("htm", "htu", "qsh", "bsh");
    assertThat(verifier.verify(bound, request).isValid()).isTrue();
    assertThat(verifier.verify(viaTestKit).isValid()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void sign_everyAlgorithmAsAccessToken_roundTrips(Algorithm alg) throws ParseException {
    SigningKey key = TestKeys.of(alg);
    TokenClaims claims = TokenClaims.builder().issuer(ISSUER).subject(ALICE).audience(AUDIENCE)
        .issuedAt(NOW).expiresAt(NOW.plusSeconds(300)).id("at-1").claim("scope", "orders:read").build();

    String token = TokenSigner.of(key).sign(claims, "at+jwt");

    assertThat(header(token)).containsEntry("alg", alg.name()).containsEntry("typ", "at+jwt");
    TokenVerifier verifier = Fixtures.accessVerifier(clock, key.publicKey()).build();
    assertThat(verifier.verify(token)).isInstanceOfSatisfying(Verification.Valid.class,
        v -> assertThat(v.token().scopes()).containsExactly("orders:read"));
  }

  /** SPEC §2: Ed25519 keys sign as EdDSA (what most verifiers know) unless pinned to Ed25519. */
  @Test
  void sign_ed25519Key_headerSaysEdDsaUnlessPinnedToEd25519() throws ParseException {
    SigningKey unpinned = SigningKey.parse(TestKeys.ed25519().toPem());
    SigningKey pinnedEdDsa = unpinned.withAlgorithm(Algorithm.EdDSA);
    SigningKey pinnedEd25519 = unpinned.withAlgorithm(Algorithm.Ed25519);

    assertThat(header(TokenSigner.of(unpinned).sign(TokenClaims.builder().build()))).containsEntry("alg", "EdDSA");
    assertThat(header(TokenSigner.of(pinnedEdDsa).sign(TokenClaims.builder().build()))).containsEntry("alg", "EdDSA");
    assertThat(header(TokenSigner.of(pinnedEd25519).sign(TokenClaims.builder().build()))).containsEntry("alg", "Ed25519");
  }

  @Test
  void requestToken_compatibleProfile_usernameTimeAndRandomNonce() throws ParseException {
    TokenSigner signer = TokenSigner.of(Fixtures.alice(), clock, null);

    Map<String, Object> first = payload(signer.requestToken(ALICE).sign());
    Map<String, Object> second = payload(signer.requestToken(ALICE).sign());

    assertThat(first).containsOnlyKeys("username", "time", "nonce").containsEntry("username", ALICE).containsEntry("time", NOW.getEpochSecond());
    assertThat((String) first.get("nonce")).matches("[A-Za-z0-9_-]{22}");
    assertThat(first.get("nonce")).isNotEqualTo(second.get("nonce"));
  }

  @Test
  void requestToken_standardProfile_issSubAudIatExpJti() throws ParseException {
    String token = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).audience(AUDIENCE).nonce("j-1").sign();

    assertThat(payload(token)).containsOnlyKeys("iss", "sub", "aud", "iat", "exp", "jti")
        .containsEntry("iss", ALICE).containsEntry("sub", ALICE).containsEntry("aud", AUDIENCE)
        .containsEntry("iat", NOW.getEpochSecond()).containsEntry("exp", NOW.getEpochSecond() + 30).containsEntry("jti", "j-1");
  }

  @Test
  void requestToken_chosenNonceIssueTimeAndLifetime_used() throws ParseException {
    String token = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).audience(AUDIENCE)
        .issuedAt(NOW.minusSeconds(5)).lifetime(Duration.ofSeconds(10)).nonce("n").sign();

    assertThat(payload(token)).containsEntry("iat", NOW.getEpochSecond() - 5).containsEntry("exp", NOW.getEpochSecond() + 5);
  }

  @Test
  void requestToken_bindToGetWithoutQueryOrBody_onlyHtmAndHtu() throws ParseException {
    RequestContext get = RequestContext.of("GET", URI.create("https://api.example.com/orders"));

    Map<String, Object> claims = payload(TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).bind(get).sign());

    assertThat(claims).containsEntry("htm", "GET").containsEntry("htu", "https://api.example.com/orders").doesNotContainKeys("qsh", "bsh");
  }

  @Test
  void requestToken_bindWithChosenBindings_exactlyThose() throws ParseException {
    RequestContext post = RequestContext.of("POST", URI.create("https://api.example.com/orders?x=1"), new byte[] {1});

    Map<String, Object> none = payload(TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).bind(post, EnumSet.noneOf(Binding.class)).sign());
    Map<String, Object> bshOnly = payload(TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).bind(post, EnumSet.of(Binding.BSH)).sign());

    assertThat(none).containsOnlyKeys("username", "time", "nonce");
    assertThat(bshOnly).containsOnlyKeys("username", "time", "nonce", "bsh");
  }

  @Test
  void requestToken_badArguments_rejected() {
    TokenSigner signer = TokenSigner.of(Fixtures.alice());

    assertThatThrownBy(() -> signer.requestToken("")).isInstanceOf(IllegalArgumentException.class).hasMessage("principal must not be empty");
    assertThatThrownBy(() -> signer.requestToken(null)).isInstanceOf(NullPointerException.class).hasMessage("principal");
    assertThatThrownBy(() -> signer.requestToken(ALICE).lifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("lifetime must be positive: PT0S");
    assertThatThrownBy(() -> signer.requestToken(ALICE).lifetime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("lifetime must be positive: PT-1S");
    assertThatThrownBy(() -> TokenSigner.of(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void toString_signer_namesTheKeyNotItsMaterial() {
    SigningKey key = TestKeys.rsa();

    assertThat(TokenSigner.of(key)).hasToString("TokenSigner[SigningKey[kid=" + key.kid() + ", RSA 2048, alg=RS256]]");
    assertThat(TokenSigner.of(key).key()).isSameAs(key);
  }
}
