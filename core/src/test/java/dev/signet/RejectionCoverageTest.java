package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One token per {@link Rejection}, and a check that the table covers every constant: adding a
 * rejection without a way to reach it fails this test.
 */
class RejectionCoverageTest {

  /** A way to reach {@code reason}, given a clock at {@link Fixtures#NOW}. */
  record Case(Rejection reason, String detail, Function<MutableClock, Verification> run) {
    @Override
    public String toString() {
      return reason.name();
    }
  }

  private static TestTokens.Builder alices(MutableClock clock) {
    return TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE);
  }

  private static Verification request(MutableClock clock, String token) {
    return Fixtures.requestVerifier(clock).build().verify(token);
  }

  static List<Case> cases() {
    String aliceKid = Fixtures.alice().kid();
    return List.of(
        new Case(Rejection.TOO_LARGE, "token is 9000 characters; the limit is 8192",
            clock -> request(clock, "x".repeat(9000))),
        new Case(Rejection.MALFORMED, "not a compact JWS: expected 3 dot-separated parts, found 2",
            clock -> request(clock, "e30.e30")),
        new Case(Rejection.UNSUPPORTED_ALGORITHM, "alg \"none\" is never accepted (unsigned)",
            clock -> request(clock, alices(clock).header("alg", "none").unsigned())),
        new Case(Rejection.UNKNOWN_CRITICAL_HEADER, "critical header parameters [urn:x] are not understood",
            clock -> request(clock, alices(clock).header("crit", List.of("urn:x")).header("urn:x", 1).sign())),
        new Case(Rejection.WRONG_TYPE, "typ is \"at+jwt\"; expected one of [JWT]",
            clock -> request(clock, alices(clock).header("typ", "at+jwt").sign())),
        new Case(Rejection.MISSING_CLAIM, "claim 'nonce' is required",
            clock -> request(clock, alices(clock).without("nonce").sign())),
        new Case(Rejection.UNKNOWN_PRINCIPAL, "principal 'carol' is unknown or disabled",
            clock -> request(clock, alices(clock).claim("username", "carol").sign())),
        new Case(Rejection.UNKNOWN_KEY, "no key with kid '" + Fixtures.mallory().kid() + "' for principal 'alice'; known kids: [" + aliceKid + "]",
            clock -> request(clock, TestTokens.signedBy(Fixtures.mallory()).clock(clock).compatible(ALICE).sign())),
        new Case(Rejection.BAD_SIGNATURE, "ES256 signature does not verify with key '" + aliceKid + "' of principal 'alice'",
            clock -> request(clock, TestTokens.signedBy(Fixtures.mallory()).clock(clock).compatible(ALICE).header("kid", aliceKid).sign())),
        new Case(Rejection.EXPIRED, "time 2026-03-01T09:59:00Z is too old (now 2026-03-01T10:00:00Z, skew PT20S)",
            clock -> request(clock, alices(clock).claim("time", Fixtures.NOW.getEpochSecond() - 60).sign())),
        new Case(Rejection.NOT_YET_VALID, "time 2026-03-01T10:01:00Z is in the future (now 2026-03-01T10:00:00Z, skew PT20S)",
            clock -> request(clock, alices(clock).claim("time", Fixtures.NOW.getEpochSecond() + 60).sign())),
        new Case(Rejection.LIFETIME_TOO_LONG, "exp - iat is PT2M; the maximum is PT1M",
            clock -> request(clock, TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).expiringIn(Duration.ofMinutes(2)).sign())),
        new Case(Rejection.WRONG_ISSUER, "iss 'alice' differs from sub 'bob'",
            clock -> request(clock, TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).claim("sub", "bob").sign())),
        new Case(Rejection.WRONG_AUDIENCE, "aud is [https://other.example]; expected 'https://api.example.com'",
            clock -> request(clock, TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, "https://other.example").sign())),
        new Case(Rejection.BINDING_MISMATCH, "claim 'htm' is 'DELETE' but the request gives 'GET'",
            clock -> Fixtures.requestVerifier(clock).build()
                .verify(alices(clock).claim("htm", "DELETE").sign(), RequestContext.of("GET", URI.create(AUDIENCE + "/orders")))),
        new Case(Rejection.REPLAYED, "nonce 'once' of principal 'alice' was already used",
            clock -> {
              RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();
              String token = alices(clock).claim("nonce", "once").sign();
              verifier.verify(token);
              return verifier.verify(token);
            }),
        new Case(Rejection.INSUFFICIENT_SCOPE, "missing scopes [orders:write]; token has [orders:read]",
            clock -> Fixtures.accessVerifier(clock, Fixtures.alice().publicKey()).requiredScopes("orders:write").build()
                .verify(TestTokens.signedBy(Fixtures.alice()).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "orders:read").sign())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_tokenMadeForTheReason_rejectedWithIt(Case c) {
    assertThat(c.run().apply(Fixtures.clock())).isEqualTo(new Invalid(c.reason(), c.detail()));
  }

  @Test
  void cases_everyRejectionConstant_haveARow() {
    Set<Rejection> covered = cases().stream().map(Case::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(Rejection.class)));

    assertThat(covered).as("every Rejection needs a case in this table").isEqualTo(EnumSet.allOf(Rejection.class));
  }
}
