package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static dev.signet.Fixtures.NOW;
import static dev.signet.Rejection.EXPIRED;
import static dev.signet.Rejection.INSUFFICIENT_SCOPE;
import static dev.signet.Rejection.LIFETIME_TOO_LONG;
import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.MISSING_CLAIM;
import static dev.signet.Rejection.NOT_YET_VALID;
import static dev.signet.Rejection.UNKNOWN_KEY;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Access tokens (RFC 9068) against an issuer's {@link KeySource}. */
class TokenVerifierTest {
  private final MutableClock clock = Fixtures.clock();
  private final SigningKey issuerKey = TestKeys.of(Algorithm.ES256, "issuer");
  private final TokenVerifier verifier = Fixtures.accessVerifier(clock, issuerKey.publicKey()).build();

  private TestTokens.Builder accessToken(String scope) {
    return TestTokens.signedBy(issuerKey).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, scope);
  }

  private TestTokens.Builder accessToken() {
    return accessToken("orders:read orders:write");
  }

  @Test
  void verify_accessToken_validWithSubjectScopesAndTimes() {
    String token = accessToken().claim("jti", "at-1").sign();

    VerifiedToken t = ((Valid) verifier.verify(token)).token();

    assertThat(t.principal()).isEqualTo(ALICE);
    assertThat(t.keyId()).isEqualTo(issuerKey.kid());
    assertThat(t.algorithm()).isEqualTo(Algorithm.ES256);
    assertThat(t.profile()).isEqualTo(TokenProfile.ACCESS_TOKEN);
    assertThat(t.issuedAt()).isEqualTo(NOW);
    assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(t.tokenId()).isEqualTo("at-1");
    assertThat(t.scopes()).containsExactly("orders:read", "orders:write");
    assertThat(t.claims().string("client_id")).contains(ALICE);
  }

  @Test
  void verify_withoutJti_validWithEmptyTokenId() {
    assertThat(verifier.verify(accessToken().without("jti").sign()))
        .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.token().tokenId()).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt"})
  void verify_typAtJwtInAnySpelling_valid(String typ) {
    assertThat(verifier.verify(accessToken().header("typ", typ).sign()).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "dpop+jwt", "at+jwt+x"})
  void verify_otherTyp_wrongType(String typ) {
    assertThat(verifier.verify(accessToken().header("typ", typ).sign()))
        .isEqualTo(new Invalid(WRONG_TYPE, "typ is \"" + typ + "\"; expected one of [at+jwt]"));
  }

  /** RFC 9068 §4: typ must be present, so that an ID token or a request token is not taken for an access token. */
  @Test
  void verify_typAbsent_wrongType() {
    assertThat(verifier.verify(accessToken().header("typ", null).sign()))
        .isEqualTo(new Invalid(WRONG_TYPE, "typ is absent; expected one of [at+jwt]"));
  }

  @Test
  void verify_requestTokenPresentedAsAccessToken_wrongType() {
    TokenVerifier trustingAlice = Fixtures.accessVerifier(clock, Fixtures.alice().publicKey()).build();
    String requestToken = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).audience(AUDIENCE).sign();

    assertThat(trustingAlice.verify(requestToken)).isEqualTo(new Invalid(WRONG_TYPE, "typ is \"JWT\"; expected one of [at+jwt]"));
  }

  @Test
  void verify_configuredTypes_thoseAccepted() {
    TokenVerifier plainJwt = Fixtures.accessVerifier(clock, issuerKey.publicKey()).types("JWT", "at+jwt").build();

    assertThat(plainJwt.verify(accessToken().header("typ", "JWT").sign()).isValid()).isTrue();
    assertThat(plainJwt.verify(accessToken().header("typ", "id+jwt").sign()))
        .isEqualTo(new Invalid(WRONG_TYPE, "typ is \"id+jwt\"; expected one of [JWT, at+jwt]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp", "iat", "iss", "sub"})
  void verify_requiredClaimMissing_missingClaim(String claim) {
    assertThat(verifier.verify(accessToken().without(claim).sign())).isEqualTo(new Invalid(MISSING_CLAIM, "claim '" + claim + "' is required"));
  }

  @Test
  void verify_audMissingWhenAudienceConfigured_missingClaim() {
    assertThat(verifier.verify(accessToken().without("aud").sign())).isEqualTo(new Invalid(MISSING_CLAIM, "claim 'aud' is required"));
  }

  @Test
  void verify_noAudienceConfigured_anyOrNoAudAccepted() {
    TokenVerifier anyAudience = TokenVerifier.builder(KeySource.of(issuerKey.publicKey())).issuer(ISSUER).clock(clock).build();

    assertThat(anyAudience.verify(accessToken().claim("aud", "elsewhere").sign()).isValid()).isTrue();
    assertThat(anyAudience.verify(accessToken().without("aud").sign()).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example", "https://auth.example.com/", "HTTPS://auth.example.com", "https://auth.example.com.evil.example"})
  void verify_otherIssuer_wrongIssuer(String iss) {
    assertThat(verifier.verify(accessToken().claim("iss", iss).sign()))
        .isEqualTo(new Invalid(WRONG_ISSUER, "iss is '" + iss + "'; expected 'https://auth.example.com'"));
  }

  @Test
  void verify_otherAudience_wrongAudience() {
    assertThat(verifier.verify(accessToken().claim("aud", "billing-api").sign()))
        .isEqualTo(new Invalid(WRONG_AUDIENCE, "aud is [billing-api]; expected 'https://api.example.com'"));
    assertThat(verifier.verify(accessToken().claim("aud", List.of("a", "b")).sign()))
        .isEqualTo(new Invalid(WRONG_AUDIENCE, "aud is [a, b]; expected 'https://api.example.com'"));
  }

  @Test
  void verify_audienceArrayContainingOurs_valid() {
    assertThat(verifier.verify(accessToken().claim("aud", List.of("billing-api", AUDIENCE)).sign()).isValid()).isTrue();
  }

  @Test
  void verify_expiredWithinSkew_validThenExpired() {
    String token = accessToken().sign(); // exp = NOW + 300 s
    clock.set(NOW.plusSeconds(330));
    assertThat(verifier.verify(token).isValid()).isTrue();

    clock.set(NOW.plusSeconds(331));
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(EXPIRED,
        "token expired at 2026-03-01T10:05:00Z (now 2026-03-01T10:05:31Z, skew PT30S)"));
  }

  @Test
  void verify_issuedInTheFutureBeyondSkew_notYetValid() {
    assertThat(verifier.verify(accessToken().issuedAt(NOW.plusSeconds(30)).sign()).isValid()).isTrue();

    assertThat(verifier.verify(accessToken().issuedAt(NOW.plusSeconds(31)).sign())).isEqualTo(new Invalid(NOT_YET_VALID,
        "iat 2026-03-01T10:00:31Z is in the future (now 2026-03-01T10:00:00Z, skew PT30S)"));
  }

  @Test
  void verify_nbfInTheFutureBeyondSkew_notYetValid() {
    assertThat(verifier.verify(accessToken().claim("nbf", NOW.getEpochSecond() + 30).sign()).isValid()).isTrue();

    assertThat(verifier.verify(accessToken().claim("nbf", NOW.getEpochSecond() + 31).sign())).isEqualTo(new Invalid(NOT_YET_VALID,
        "nbf 2026-03-01T10:00:31Z is in the future (now 2026-03-01T10:00:00Z, skew PT30S)"));
  }

  @Test
  void verify_lifetimeOverDefaultMaximum_lifetimeTooLong() {
    assertThat(verifier.verify(accessToken().expiringIn(Duration.ofHours(24)).sign()).isValid()).isTrue();

    assertThat(verifier.verify(accessToken().expiringIn(Duration.ofHours(25)).sign()))
        .isEqualTo(new Invalid(LIFETIME_TOO_LONG, "exp - iat is PT25H; the maximum is PT24H"));
  }

  @Test
  void verify_lifetimeOverConfiguredMaximum_lifetimeTooLong() {
    TokenVerifier hourly = Fixtures.accessVerifier(clock, issuerKey.publicKey()).maxLifetime(Duration.ofHours(1)).build();

    assertThat(hourly.verify(accessToken().expiringIn(Duration.ofMinutes(61)).sign()))
        .isEqualTo(new Invalid(LIFETIME_TOO_LONG, "exp - iat is PT1H1M; the maximum is PT1H"));
  }

  @Test
  void verify_expBeforeIat_malformed() {
    String token = accessToken().claim("exp", NOW.getEpochSecond() - 10).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(MALFORMED, "exp 2026-03-01T09:59:50Z is before iat 2026-03-01T10:00:00Z"));
  }

  @Test
  void verify_timeClaimNotANumber_malformed() {
    assertThat(verifier.verify(accessToken().claim("exp", "soon").sign()))
        .isEqualTo(new Invalid(MALFORMED, "claim 'exp' must be a number of seconds, not a string"));
    assertThat(verifier.verify(accessToken().claim("iat", List.of()).sign()))
        .isEqualTo(new Invalid(MALFORMED, "claim 'iat' must be a number of seconds, not an array"));
  }

  @Test
  void verify_requiredScopeInScopeString_valid() {
    TokenVerifier needsRead = Fixtures.accessVerifier(clock, issuerKey.publicKey()).requiredScopes("orders:read").build();

    assertThat(needsRead.verify(accessToken("orders:write  orders:read").sign()).isValid()).isTrue();
  }

  @Test
  void verify_requiredScopeMissingFromScopeString_insufficientScope() {
    TokenVerifier needsRead = Fixtures.accessVerifier(clock, issuerKey.publicKey()).requiredScopes("orders:read").build();

    assertThat(needsRead.verify(accessToken("orders:write").sign()))
        .isEqualTo(new Invalid(INSUFFICIENT_SCOPE, "missing scopes [orders:read]; token has [orders:write]"));
  }

  @Test
  void verify_requiredScopesInScpArray_validOrInsufficient() {
    TokenVerifier needsBoth = Fixtures.accessVerifier(clock, issuerKey.publicKey()).requiredScopes("orders:read", "orders:write").build();

    assertThat(needsBoth.verify(accessToken().without("scope").claim("scp", List.of("orders:write", "orders:read")).sign()).isValid()).isTrue();
    assertThat(needsBoth.verify(accessToken().without("scope").claim("scp", List.of("orders:write")).sign()))
        .isEqualTo(new Invalid(INSUFFICIENT_SCOPE, "missing scopes [orders:read]; token has [orders:write]"));
  }

  @Test
  void verify_noScopeClaim_insufficientScopeListingAllMissingInOrder() {
    TokenVerifier needs = Fixtures.accessVerifier(clock, issuerKey.publicKey()).requiredScopes("b", "a", "c", "a").build();

    assertThat(needs.verify(accessToken().without("scope").sign()))
        .isEqualTo(new Invalid(INSUFFICIENT_SCOPE, "missing scopes [b, a, c]; token has []"));
  }

  /** INSUFFICIENT_SCOPE is a 403 for a token that is otherwise good: a bad token is never reported as one. */
  @Test
  void verify_expiredTokenWithoutScope_expiredNotInsufficientScope() {
    TokenVerifier needs = Fixtures.accessVerifier(clock, issuerKey.publicKey()).requiredScopes("admin").build();
    String token = accessToken("none").sign();
    clock.advance(Duration.ofHours(1));

    assertThat(needs.verify(token)).isEqualTo(new Invalid(EXPIRED, "token expired at 2026-03-01T10:05:00Z (now 2026-03-01T11:00:00Z, skew PT30S)"));
  }

  @Test
  void verify_unknownKid_unknownKeyNamingTheKeySource() {
    SigningKey other = TestKeys.of(Algorithm.ES256, "issuer-2");
    KeySource keys = KeySource.of(issuerKey.publicKey(), other.publicKey().withKid("k2"));
    TokenVerifier v = TokenVerifier.builder(keys).issuer(ISSUER).clock(clock).build();

    assertThat(v.verify(accessToken().header("kid", "k9").sign())).isEqualTo(new Invalid(UNKNOWN_KEY,
        "no key with kid 'k9' for issuer '" + ISSUER + "'"));
  }

  @Test
  void verify_noKidAmongSeveralIssuerKeys_theRightKeyFound() {
    SigningKey rotated = TestKeys.of(Algorithm.ES256, "issuer-2");
    TokenVerifier v = Fixtures.accessVerifier(clock, TestKeys.rsa().publicKey(), issuerKey.publicKey(), rotated.publicKey()).build();
    String token = TestTokens.signedBy(rotated).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "a").header("kid", null).sign();

    assertThat(v.verify(token)).isInstanceOfSatisfying(Valid.class, valid -> assertThat(valid.token().keyId()).isEqualTo(rotated.kid()));
  }

  @Test
  void verify_noKidAndNoIssuerKeys_unknownKey() {
    TokenVerifier v = TokenVerifier.builder(KeySource.of()).issuer(ISSUER).clock(clock).build();

    assertThat(v.verify(accessToken().header("kid", null).sign())).isEqualTo(new Invalid(UNKNOWN_KEY,
        "token has no kid and none of the 0 keys of issuer 'https://auth.example.com' accepts alg ES256"));
  }

  @Test
  void verify_keySourceDown_keySourceExceptionPropagates() {
    KeySource down = kid -> {
      throw new KeySourceException("JWKS at https://auth.example.com/jwks is unavailable");
    };
    TokenVerifier v = TokenVerifier.builder(down).issuer(ISSUER).clock(clock).build();

    assertThatThrownBy(() -> v.verify(accessToken().sign()))
        .isInstanceOf(KeySourceException.class).hasMessage("JWKS at https://auth.example.com/jwks is unavailable");
  }

  @Test
  void verify_subjectNotAString_malformed() {
    assertThat(verifier.verify(accessToken().claim("sub", 7).sign())).isEqualTo(new Invalid(MALFORMED, "claim 'sub' must be a string, not a number"));
  }

  @Test
  void verify_nullToken_nullPointerException() {
    assertThatThrownBy(() -> verifier.verify(null)).isInstanceOf(NullPointerException.class).hasMessage("token");
  }
}
