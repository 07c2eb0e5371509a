package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.NOW;
import static dev.signet.Rejection.BAD_SIGNATURE;
import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.MISSING_CLAIM;
import static dev.signet.Rejection.UNKNOWN_KEY;
import static dev.signet.Rejection.UNKNOWN_PRINCIPAL;
import static dev.signet.Rejection.WRONG_AUDIENCE;
import static dev.signet.Rejection.WRONG_ISSUER;
import static dev.signet.Rejection.WRONG_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Verification.Invalid;
import dev.signet.Verification.Valid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request tokens (SPEC §3): both claim profiles, principals and their keys, and the claims. */
class RequestTokenVerifierTest {
  private final MutableClock clock = Fixtures.clock();
  private final RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();

  private TestTokens.Builder compatible(SigningKey key, String principal) {
    return TestTokens.signedBy(key).clock(clock).compatible(principal);
  }

  private TestTokens.Builder standard(SigningKey key, String principal) {
    return TestTokens.signedBy(key).clock(clock).standard(principal, AUDIENCE);
  }

  @Test
  void verify_compatibleProfile_validWithPrincipalKeyAndWindow() {
    String token = compatible(Fixtures.alice(), ALICE).claim("nonce", "n-1").sign();

    VerifiedToken t = ((Valid) verifier.verify(token)).token();

    assertThat(t.principal()).isEqualTo(ALICE);
    assertThat(t.keyId()).isEqualTo(Fixtures.alice().kid());
    assertThat(t.algorithm()).isEqualTo(Algorithm.ES256);
    assertThat(t.profile()).isEqualTo(TokenProfile.COMPATIBLE);
    assertThat(t.issuedAt()).isEqualTo(NOW);
    assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(20)); // the end of the acceptance window
    assertThat(t.tokenId()).isEqualTo("n-1");
    assertThat(t.claims().string("username")).contains(ALICE);
    assertThat(t.scopes()).isEmpty();
  }

  @Test
  void verify_standardProfile_validWithExpAsExpiry() {
    String token = standard(Fixtures.alice(), ALICE).claim("jti", "j-1").expiringIn(Duration.ofSeconds(45)).sign();

    VerifiedToken t = ((Valid) verifier.verify(token)).token();

    assertThat(t.principal()).isEqualTo(ALICE);
    assertThat(t.profile()).isEqualTo(TokenProfile.STANDARD);
    assertThat(t.issuedAt()).isEqualTo(NOW);
    assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(45));
    assertThat(t.tokenId()).isEqualTo("j-1");
  }

  @Test
  void verify_audienceAsArrayContainingOurs_valid() {
    String token = standard(Fixtures.alice(), ALICE).claim("aud", List.of("https://other.example", AUDIENCE)).sign();

    assertThat(verifier.verify(token).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "application/jwt", "APPLICATION/JWT"})
  void verify_typJwtInAnySpelling_valid(String typ) {
    assertThat(verifier.verify(compatible(Fixtures.alice(), ALICE).header("typ", typ).sign()).isValid()).isTrue();
  }

  @Test
  void verify_typAbsent_valid() {
    assertThat(verifier.verify(compatible(Fixtures.alice(), ALICE).header("typ", null).sign()).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"at+jwt", "application/at+jwt", "dpop+jwt", "JWS"})
  void verify_typOfAnotherKindOfToken_wrongType(String typ) {
    String token = compatible(Fixtures.alice(), ALICE).header("typ", typ).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_TYPE, "typ is \"" + typ + "\"; expected one of [JWT]"));
  }

  /** An access token (typ at+jwt) replayed as a request token. */
  @Test
  void verify_accessTokenPresentedAsRequestToken_wrongType() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).accessToken(Fixtures.ISSUER, ALICE, AUDIENCE, "a").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_TYPE, "typ is \"at+jwt\"; expected one of [JWT]"));
  }

  @Test
  void verify_bobsKeyWithAlicesUsername_unknownKeyListingAlicesKids() {
    String token = compatible(Fixtures.bob(), ALICE).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(UNKNOWN_KEY,
        "no key with kid '" + Fixtures.bob().kid() + "' for principal 'alice'; known kids: [" + Fixtures.alice().kid() + "]"));
  }

  @Test
  void verify_bobsKeyWithAlicesUsernameAndNoKid_badSignature() {
    String token = compatible(Fixtures.bob(), ALICE).header("kid", null).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature (no kid) verifies with none of the 1 keys of principal 'alice' that accept it"));
  }

  @Test
  void verify_bobsKeyWithAlicesKidInHeader_badSignature() {
    String token = compatible(Fixtures.bob(), ALICE).header("kid", Fixtures.alice().kid()).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature does not verify with key '" + Fixtures.alice().kid() + "' of principal 'alice'"));
  }

  @Test
  void verify_unknownPrincipal_unknownPrincipal() {
    String token = compatible(Fixtures.alice(), "carol").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(UNKNOWN_PRINCIPAL, "principal 'carol' is unknown or disabled"));
  }

  @Test
  void verify_principalNameWithControlCharacters_shownEscaped() {
    String token = compatible(Fixtures.alice(), "car\nol\u0000").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(UNKNOWN_PRINCIPAL, "principal 'car\\u000aol\\u0000' is unknown or disabled"));
  }

  @Test
  void verify_disabledPrincipal_unknownPrincipalUntilEnabledAgain() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add(ALICE, Fixtures.alice().publicKey()).enabled(ALICE, false);
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).sign()))
        .isEqualTo(new Invalid(UNKNOWN_PRINCIPAL, "principal 'alice' is unknown or disabled"));
    keys.enabled(ALICE, true);
    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).sign()).isValid()).isTrue();
  }

  @Test
  void verify_principalWithoutKeys_unknownKey() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add(ALICE, Fixtures.alice().publicKey()).remove(ALICE, Fixtures.alice().kid());
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).sign())).isEqualTo(new Invalid(UNKNOWN_KEY,
        "no key with kid '" + Fixtures.alice().kid() + "' for principal 'alice'; known kids: []"));
    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).header("kid", null).sign())).isEqualTo(new Invalid(UNKNOWN_KEY,
        "token has no kid and none of the 0 keys of principal 'alice' accepts alg ES256"));
  }

  @Test
  void verify_unknownKid_unknownKeyListingKnownKids() {
    SigningKey second = TestKeys.of(Algorithm.ES256, "alice-2");
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add(ALICE, Fixtures.alice().publicKey()).add(ALICE, second.publicKey().withKid("k2"));
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).header("kid", "k7").sign())).isEqualTo(new Invalid(UNKNOWN_KEY,
        "no key with kid 'k7' for principal 'alice'; known kids: [" + Fixtures.alice().kid() + ", k2]"));
  }

  /** Without a kid every key of the principal that accepts the algorithm is tried (SPEC §3). */
  @Test
  void verify_noKidAmongSeveralKeys_theRightKeyFound() {
    SigningKey second = TestKeys.of(Algorithm.ES256, "alice-2");
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys()
        .add(ALICE, TestKeys.rsa().publicKey())
        .add(ALICE, Fixtures.alice().publicKey())
        .add(ALICE, TestKeys.ed25519().publicKey())
        .add(ALICE, second.publicKey());
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    Verification result = v.verify(compatible(second, ALICE).header("kid", null).sign());

    assertThat(result).isInstanceOfSatisfying(Valid.class, valid -> assertThat(valid.token().keyId()).isEqualTo(second.kid()));
  }

  @Test
  void verify_noKidAndNoKeyFittingTheAlgorithm_unknownKey() {
    SigningKey p384 = TestKeys.of(Algorithm.ES384);
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys()
        .add(ALICE, Fixtures.alice().publicKey())
        .add(ALICE, TestKeys.rsa().publicKey());
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    assertThat(v.verify(compatible(p384, ALICE).header("kid", null).sign())).isEqualTo(new Invalid(UNKNOWN_KEY,
        "token has no kid and none of the 2 keys of principal 'alice' accepts alg ES384"));
  }

  /** At most 16 keys are tried for a token without kid, so such a token costs bounded CPU. */
  @Test
  void verify_noKidAndTheKeyIsBeyondTheFirstSixteen_badSignature() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys();
    IntStream.range(0, 16).forEach(i -> keys.add(ALICE, TestKeys.of(Algorithm.ES256, "many-" + i).publicKey()));
    keys.add(ALICE, Fixtures.alice().publicKey());
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).header("kid", null).sign())).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature (no kid) verifies with none of the 16 keys of principal 'alice' that accept it"));
    assertThat(v.verify(compatible(Fixtures.alice(), ALICE).sign()).isValid()).isTrue();
  }

  @Test
  void verify_principalKeysUnavailable_keySourceExceptionPropagates() {
    PrincipalKeys down = principal -> {
      throw new KeySourceException("registry database is down");
    };
    RequestTokenVerifier v = RequestTokenVerifier.builder(down).audience(AUDIENCE).clock(clock).build();

    assertThatThrownBy(() -> v.verify(compatible(Fixtures.alice(), ALICE).sign()))
        .isInstanceOf(KeySourceException.class).hasMessage("registry database is down");
  }

  @Test
  void verify_issDiffersFromSub_wrongIssuer() {
    String token = standard(Fixtures.alice(), ALICE).claim("sub", "bob").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_ISSUER, "iss 'alice' differs from sub 'bob'"));
  }

  @Test
  void verify_wrongAudience_wrongAudience() {
    String token = standard(Fixtures.alice(), ALICE).claim("aud", "https://evil.example").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_AUDIENCE, "aud is [https://evil.example]; expected 'https://api.example.com'"));
  }

  @Test
  void verify_audienceArrayWithoutOurs_wrongAudience() {
    String token = standard(Fixtures.alice(), ALICE).claim("aud", List.of("a", "b")).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_AUDIENCE, "aud is [a, b]; expected 'https://api.example.com'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"iat", "exp", "jti"})
  void verify_standardProfileWithoutClaim_missingClaim(String claim) {
    String token = standard(Fixtures.alice(), ALICE).without(claim).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(MISSING_CLAIM, "claim '" + claim + "' is required"));
  }

  @Test
  void verify_standardProfileWithoutIss_missingClaim() {
    assertThat(verifier.verify(standard(Fixtures.alice(), ALICE).without("iss").sign()))
        .isEqualTo(new Invalid(MISSING_CLAIM, "claim 'iss' is required"));
  }

  @Test
  void verify_standardProfileWithoutSub_missingClaim() {
    assertThat(verifier.verify(standard(Fixtures.alice(), ALICE).without("sub").sign()))
        .isEqualTo(new Invalid(MISSING_CLAIM, "claim 'sub' is required"));
  }

  @Test
  void verify_standardProfileWithoutAud_missingClaim() {
    assertThat(verifier.verify(standard(Fixtures.alice(), ALICE).without("aud").sign()))
        .isEqualTo(new Invalid(MISSING_CLAIM, "claim 'aud' is required in the standard profile"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"time", "nonce"})
  void verify_compatibleProfileWithoutClaim_missingClaim(String claim) {
    String token = compatible(Fixtures.alice(), ALICE).without(claim).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(MISSING_CLAIM, "claim '" + claim + "' is required"));
  }

  @Test
  void verify_neitherProfilesPrincipal_missingClaim() {
    String token = compatible(Fixtures.alice(), ALICE).without("username").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(MISSING_CLAIM,
        "neither 'username' (compatible profile) nor 'sub' (standard profile) is present"));
  }

  @Test
  void verify_principalNotAString_malformed() {
    assertThat(verifier.verify(compatible(Fixtures.alice(), ALICE).claim("username", 42).sign()))
        .isEqualTo(new Invalid(MALFORMED, "claim 'username' must be a string, not a number"));
    assertThat(verifier.verify(standard(Fixtures.alice(), ALICE).claim("sub", List.of(ALICE)).sign()))
        .isEqualTo(new Invalid(MALFORMED, "claim 'sub' must be a string, not an array"));
  }

  @Test
  void verify_emptyOrOverlongNames_malformed() {
    assertThat(verifier.verify(compatible(Fixtures.alice(), ALICE).claim("username", "").sign()))
        .isEqualTo(new Invalid(MALFORMED, "claim 'username' must be 1-256 characters, not 0"));
    assertThat(verifier.verify(compatible(Fixtures.alice(), ALICE).claim("nonce", "n".repeat(257)).sign()))
        .isEqualTo(new Invalid(MALFORMED, "claim 'nonce' must be 1-256 characters, not 257"));
  }

  @Test
  void verify_profileNotAccepted_missingClaim() {
    RequestTokenVerifier compatibleOnly = Fixtures.requestVerifier(clock).profiles(TokenProfile.COMPATIBLE).build();
    RequestTokenVerifier standardOnly = Fixtures.requestVerifier(clock).profiles(TokenProfile.STANDARD).build();

    assertThat(compatibleOnly.verify(standard(Fixtures.alice(), ALICE).sign()))
        .isEqualTo(new Invalid(MISSING_CLAIM, "the standard profile is not accepted here; accepted: [COMPATIBLE]"));
    assertThat(standardOnly.verify(compatible(Fixtures.alice(), ALICE).sign()))
        .isEqualTo(new Invalid(MISSING_CLAIM, "the compatible profile is not accepted here; accepted: [STANDARD]"));
  }

  @Test
  void verify_nullToken_nullPointerException() {
    assertThatThrownBy(() -> verifier.verify(null)).isInstanceOf(NullPointerException.class).hasMessage("token");
  }
}
