package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Rejection.EXPIRED;
import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.NOT_YET_VALID;
import static dev.signet.Rejection.WRONG_AUDIENCE;
import static dev.signet.Rejection.WRONG_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7519 §4.1.3-5: a registered claim that is present is honoured in every profile, not only
 * where the profile requires it (gh-12: a compatible-profile token was accepted with {@code exp}
 * passed, {@code nbf} a minute ahead, and {@code aud} naming another service). The token is made
 * at {@link Fixtures#NOW}; the server clock is moved.
 */
class RegisteredClaimsTest {
  private static final long NOW = Fixtures.NOW.getEpochSecond();

  private final MutableClock clock = Fixtures.clock();
  private final RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();

  private static TestTokens.Builder compatible() {
    return TestTokens.signedBy(Fixtures.alice()).clock(Fixtures.clock()).compatible(ALICE);
  }

  private static TestTokens.Builder standard() {
    return TestTokens.signedBy(Fixtures.alice()).clock(Fixtures.clock()).standard(ALICE, AUDIENCE);
  }

  /** The reviewer's token: made now, expired 5 s ago. With exp before time it can never have been valid. */
  @Test
  void verify_compatibleWithExpBeforeTime_malformed() {
    String token = compatible().claim("exp", NOW - 5).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(MALFORMED,
        "exp 2026-03-01T09:59:55Z is before time 2026-03-01T10:00:00Z"));
  }

  /**
   * exp has the clock skew as leeway, as in the standard profile (RFC 7519 §4.1.4 allows it); since
   * exp may not precede time, which itself must be within the skew, a compatible token is never
   * past exp + skew while its time is acceptable.
   */
  @Test
  void verify_compatibleWithExpPassedWithinTheSkew_valid() {
    String token = compatible().claim("exp", NOW + 2).sign();
    clock.advance(Duration.ofSeconds(10));

    assertThat(verifier.verify(token).isValid()).isTrue();
  }

  @Test
  void verify_compatibleWithExpFarAhead_validAndStillBoundByTime() {
    String token = compatible().claim("exp", NOW + 3600).sign();

    assertThat(verifier.verify(token).isValid()).isTrue(); // lifetime applies to the standard profile only
    clock.advance(Duration.ofSeconds(21));
    assertThat(verifier.verify(compatible().claim("exp", NOW + 3600).sign())).isEqualTo(new Invalid(EXPIRED,
        "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:21Z, skew PT20S)"));
  }

  static Stream<Arguments> futureClaims() {
    return Stream.of(
        Arguments.of("compatible", "nbf"), Arguments.of("compatible", "iat"), Arguments.of("standard", "nbf"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("futureClaims")
  void verify_claimAMinuteAhead_notYetValid(String profile, String claim) {
    TestTokens.Builder builder = profile.equals("compatible") ? compatible() : standard();
    String token = builder.claim(claim, NOW + 60).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(NOT_YET_VALID,
        claim + " 2026-03-01T10:01:00Z is in the future (now 2026-03-01T10:00:00Z, skew PT20S)"));
  }

  @Test
  void verify_compatibleWithNbfWithinTheSkew_valid() {
    assertThat(verifier.verify(compatible().claim("nbf", NOW + 20).claim("iat", NOW + 20).sign()).isValid()).isTrue();
  }

  @Test
  void verify_compatibleWithAnotherServicesAudience_wrongAudience() {
    String token = compatible().claim("aud", "https://billing.example.com").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_AUDIENCE,
        "aud is [https://billing.example.com]; expected 'https://api.example.com'"));
  }

  @Test
  void verify_compatibleWithOurAudience_validAndExplained() {
    String token = compatible().claim("aud", List.of("https://billing.example.com", AUDIENCE)).sign();

    Explanation explanation = Fixtures.requestVerifier(clock).build().explain(token, null);

    assertThat(explanation.result().isValid()).isTrue();
    assertThat(explanation.checks()).contains(
        new Check("audience", true, "'https://api.example.com' in [https://billing.example.com, https://api.example.com]"));
  }

  @Test
  void verify_audienceWithoutAConfiguredAudience_wrongAudience() {
    RequestTokenVerifier compatibleOnly = RequestTokenVerifier.builder(new InMemoryPrincipalKeys().add(ALICE, Fixtures.alice().publicKey()))
        .profiles(TokenProfile.COMPATIBLE).clock(clock).build();

    assertThat(compatibleOnly.verify(compatible().claim("aud", AUDIENCE).sign())).isEqualTo(new Invalid(WRONG_AUDIENCE,
        "aud is [https://api.example.com] but this verifier has no audience: a token with 'aud' is refused (RFC 7519 §4.1.3)"));
    assertThat(compatibleOnly.verify(compatible().sign()).isValid()).isTrue();
  }

  static Stream<Arguments> audiencesOfTheWrongShape() {
    return Stream.of(
        Arguments.of("compatible", 42, "claim 'aud' must be a string or an array of strings, not a number"),
        Arguments.of("compatible", Map.of("aud", AUDIENCE), "claim 'aud' must be a string or an array of strings, not an object"),
        Arguments.of("compatible", List.of(AUDIENCE, 7), "claim 'aud' must be an array of strings only"),
        Arguments.of("standard", List.of(AUDIENCE, true), "claim 'aud' must be an array of strings only"),
        Arguments.of("standard", List.of(List.of(AUDIENCE)), "claim 'aud' must be an array of strings only"));
  }

  /** RFC 7519 §4.1.3: a string or an array of strings; other members were silently dropped before. */
  @ParameterizedTest(name = "{0} aud={1}")
  @MethodSource("audiencesOfTheWrongShape")
  void verify_audienceOfTheWrongShape_malformed(String profile, Object aud, String detail) {
    TestTokens.Builder builder = profile.equals("compatible") ? compatible() : standard();

    assertThat(verifier.verify(builder.claim("aud", aud).sign())).isEqualTo(new Invalid(MALFORMED, detail));
  }

  @Test
  void verify_emptyAudienceArray_wrongAudienceInEitherProfile() {
    Invalid expected = new Invalid(WRONG_AUDIENCE, "aud is []; expected 'https://api.example.com'");

    assertThat(verifier.verify(compatible().claim("aud", List.of()).sign())).isEqualTo(expected);
    assertThat(verifier.verify(standard().claim("aud", List.of()).sign())).isEqualTo(expected);
  }

  static Stream<Arguments> otherPrincipals() {
    return Stream.of(Arguments.of("iss", "bob"), Arguments.of("sub", "admin"));
  }

  /** iss and sub name who speaks; in the compatible profile they must agree with username when present. */
  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("otherPrincipals")
  void verify_compatibleWhoseIssOrSubNamesAnother_wrongIssuer(String claim, String other) {
    String token = compatible().claim(claim, other).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(WRONG_ISSUER, claim + " '" + other + "' differs from username 'alice'"));
  }

  @Test
  void verify_compatibleWhoseIssAndSubAreTheUsername_valid() {
    assertThat(verifier.verify(compatible().claim("iss", ALICE).claim("sub", ALICE).sign()).isValid()).isTrue();
  }
}
