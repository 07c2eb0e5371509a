package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.NOW;
import static dev.signet.Rejection.EXPIRED;
import static dev.signet.Rejection.LIFETIME_TOO_LONG;
import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.NOT_YET_VALID;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Time rules of request tokens (SPEC §3): {@code time}/{@code iat} within ±20 s of the server
 * clock, boundaries included; {@code exp - iat} at most 60 s; {@code nbf} respected. The token is
 * made at {@link Fixtures#NOW} and the server clock moved.
 */
class RequestTokenTimeTest {
  private final MutableClock clock = Fixtures.clock();
  private final RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();

  private String compatible() {
    return TestTokens.signedBy(Fixtures.alice()).clock(Fixtures.clock()).compatible(ALICE).sign();
  }

  private TestTokens.Builder standard() {
    return TestTokens.signedBy(Fixtures.alice()).clock(Fixtures.clock()).standard(ALICE, AUDIENCE);
  }

  @ParameterizedTest
  @ValueSource(ints = {-20, -1, 0, 1, 19, 20})
  void verify_compatibleTimeWithinSkew_valid(int serverClockOffset) {
    clock.advance(Duration.ofSeconds(serverClockOffset));

    assertThat(verifier.verify(compatible()).isValid()).isTrue();
  }

  @Test
  void verify_compatibleTime21SecondsOld_expired() {
    clock.advance(Duration.ofSeconds(21));

    assertThat(verifier.verify(compatible())).isEqualTo(new Invalid(EXPIRED,
        "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:21Z, skew PT20S)"));
  }

  @Test
  void verify_compatibleTimeOneMillisecondBeyondSkew_expired() {
    clock.advance(Duration.ofMillis(20_001));

    assertThat(verifier.verify(compatible())).isEqualTo(new Invalid(EXPIRED,
        "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:20.001Z, skew PT20S)"));
  }

  @Test
  void verify_compatibleTime21SecondsInTheFuture_notYetValid() {
    clock.advance(Duration.ofSeconds(-21));

    assertThat(verifier.verify(compatible())).isEqualTo(new Invalid(NOT_YET_VALID,
        "time 2026-03-01T10:00:00Z is in the future (now 2026-03-01T09:59:39Z, skew PT20S)"));
  }

  @ParameterizedTest
  @ValueSource(ints = {-20, 0, 20})
  void verify_standardIatWithinSkew_valid(int serverClockOffset) {
    clock.advance(Duration.ofSeconds(serverClockOffset));

    assertThat(verifier.verify(standard().sign()).isValid()).isTrue();
  }

  @Test
  void verify_standardIat21SecondsOld_expired() {
    clock.advance(Duration.ofSeconds(21));

    assertThat(verifier.verify(standard().sign())).isEqualTo(new Invalid(EXPIRED,
        "iat 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:21Z, skew PT20S)"));
  }

  @Test
  void verify_standardIat21SecondsInTheFuture_notYetValid() {
    clock.advance(Duration.ofSeconds(-21));

    assertThat(verifier.verify(standard().sign())).isEqualTo(new Invalid(NOT_YET_VALID,
        "iat 2026-03-01T10:00:00Z is in the future (now 2026-03-01T09:59:39Z, skew PT20S)"));
  }

  @Test
  void verify_configuredSkew_boundaryMoves() {
    RequestTokenVerifier strict = Fixtures.requestVerifier(clock).clockSkew(Duration.ofSeconds(5)).build();
    clock.advance(Duration.ofSeconds(5));
    assertThat(strict.verify(compatible()).isValid()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    assertThat(strict.verify(compatible())).isEqualTo(new Invalid(EXPIRED,
        "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:06Z, skew PT5S)"));
  }

  @Test
  void verify_lifetimeOfExactlySixtySeconds_valid() {
    assertThat(verifier.verify(standard().expiringIn(Duration.ofSeconds(60)).sign()).isValid()).isTrue();
  }

  @Test
  void verify_lifetimeOverSixtySeconds_lifetimeTooLong() {
    assertThat(verifier.verify(standard().expiringIn(Duration.ofSeconds(61)).sign()))
        .isEqualTo(new Invalid(LIFETIME_TOO_LONG, "exp - iat is PT1M1S; the maximum is PT1M"));
  }

  @Test
  void verify_lifetimeOverConfiguredMaximum_lifetimeTooLong() {
    RequestTokenVerifier shortLived = Fixtures.requestVerifier(clock).maxLifetime(Duration.ofSeconds(10)).build();

    assertThat(shortLived.verify(standard().expiringIn(Duration.ofSeconds(11)).sign()))
        .isEqualTo(new Invalid(LIFETIME_TOO_LONG, "exp - iat is PT11S; the maximum is PT10S"));
  }

  @Test
  void verify_expBeforeIat_malformed() {
    assertThat(verifier.verify(standard().claim("exp", NOW.getEpochSecond() - 1).sign()))
        .isEqualTo(new Invalid(MALFORMED, "exp 2026-03-01T09:59:59Z is before iat 2026-03-01T10:00:00Z"));
  }

  @Test
  void verify_expEqualToIat_valid() {
    assertThat(verifier.verify(standard().claim("exp", NOW.getEpochSecond()).sign()).isValid()).isTrue();
  }

  @Test
  void verify_nbfBeyondSkew_notYetValid() {
    assertThat(verifier.verify(standard().claim("nbf", NOW.getEpochSecond() + 21).sign()))
        .isEqualTo(new Invalid(NOT_YET_VALID, "nbf 2026-03-01T10:00:21Z is in the future (now 2026-03-01T10:00:00Z, skew PT20S)"));
  }

  @Test
  void verify_nbfWithinSkew_valid() {
    assertThat(verifier.verify(standard().claim("nbf", NOW.getEpochSecond() + 20).sign()).isValid()).isTrue();
  }

  /** Python clients send {@code time.time()}: fractional seconds are fine. */
  @Test
  void verify_fractionalTime_valid() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).claim("time", NOW.getEpochSecond() + 0.25).sign();

    assertThat(verifier.verify(token)).isInstanceOfSatisfying(Verification.Valid.class,
        v -> assertThat(v.token().issuedAt()).isEqualTo(NOW.plusMillis(250)));
  }

  static Stream<Arguments> nonNumericTimes() {
    return Stream.of(
        Arguments.of("compatible", "time", String.valueOf(NOW.getEpochSecond()), "must be a number of seconds, not a string"),
        Arguments.of("compatible", "time", true, "must be a number of seconds, not a boolean"),
        Arguments.of("compatible", "time", List.of(1), "must be a number of seconds, not an array"),
        Arguments.of("compatible", "time", -1, "is out of range: -1"),
        Arguments.of("compatible", "time", 1e300, "is out of range: 1.0E300"),
        Arguments.of("standard", "iat", "now", "must be a number of seconds, not a string"),
        Arguments.of("standard", "exp", Map.of("s", 1), "must be a number of seconds, not an object"),
        Arguments.of("standard", "nbf", "tomorrow", "must be a number of seconds, not a string"));
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @MethodSource("nonNumericTimes")
  void verify_timeClaimNotANumber_malformed(String profile, String claim, Object value, String problem) {
    TestTokens.Builder token = profile.equals("compatible")
        ? TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE)
        : standard();

    assertThat(verifier.verify(token.claim(claim, value).sign())).isEqualTo(new Invalid(MALFORMED, "claim '" + claim + "' " + problem));
  }
}
