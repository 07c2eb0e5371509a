package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code explain()} lists every check made, in order: all passing for a valid token, else ending with the failure. */
class ExplanationTest {
  private final MutableClock clock = Fixtures.clock();
  private final RequestTokenVerifier requests = Fixtures.requestVerifier(clock).build();
  private final SigningKey issuerKey = TestKeys.of(Algorithm.ES256, "issuer");
  private final TokenVerifier access = Fixtures.accessVerifier(clock, issuerKey.publicKey()).requiredScopes("orders:read").build();

  private static List<String> names(Explanation e) {
    return e.checks().stream().map(Check::name).toList();
  }

  @Test
  void explain_validCompatibleBoundToken_everyCheckPasses() {
    RequestContext request = RequestContext.of("GET", URI.create("https://api.example.com/orders"));
    String token = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).bind(request).sign();

    Explanation e = requests.explain(token, request);

    assertThat(e.result().isValid()).isTrue();
    assertThat(names(e)).containsExactly("size", "header", "crit", "typ", "principal", "principal keys", "key", "signature", "time", "htm", "htu", "replay");
    assertThat(e.checks()).allSatisfy(c -> assertThat(c.passed()).isTrue());
    assertThat(e.checks().get(4).detail()).isEqualTo("'alice' (compatible profile)");
    assertThat(e.checks().get(9).detail()).isEqualTo("'GET' matches the request");
  }

  @Test
  void explain_validStandardToken_audienceListedAfterTime() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).sign();

    Explanation e = requests.explain(token, null);

    assertThat(e.result().isValid()).isTrue();
    assertThat(names(e)).containsExactly("size", "header", "crit", "typ", "principal", "principal keys", "key", "signature", "time", "audience", "replay");
    assertThat(e.checks()).allSatisfy(c -> assertThat(c.passed()).isTrue());
    assertThat(e.checks().get(9).detail()).isEqualTo("'https://api.example.com' in [https://api.example.com]");
  }

  @Test
  void explain_expiredRequestToken_passingChecksThenTheFailure() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).sign();
    clock.advance(Duration.ofSeconds(30));

    Explanation e = requests.explain(token, null);

    String detail = "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:30Z, skew PT20S)";
    assertThat(e.result()).isEqualTo(new Invalid(Rejection.EXPIRED, detail));
    assertThat(names(e)).containsExactly("size", "header", "crit", "typ", "principal", "principal keys", "key", "signature", "EXPIRED");
    assertThat(e.checks().subList(0, 8)).allSatisfy(c -> assertThat(c.passed()).isTrue());
    assertThat(e.checks().getLast()).isEqualTo(new Check("EXPIRED", false, detail));
    assertThat(e.checks().getLast()).hasToString("FAIL EXPIRED: " + detail);
  }

  @Test
  void explain_tooLargeToken_onlyTheFailure() {
    Explanation e = requests.explain("x".repeat(10_000), null);

    assertThat(e.checks()).containsExactly(new Check("TOO_LARGE", false, "token is 10000 characters; the limit is 8192"));
  }

  @Test
  void explain_validRequestToken_consumesTheNonceLikeVerify() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).claim("nonce", "n-1").sign();

    assertThat(requests.explain(token, null).result().isValid()).isTrue();
    assertThat(requests.verify(token)).isEqualTo(new Invalid(Rejection.REPLAYED, "nonce 'n-1' of principal 'alice' was already used"));
  }

  @Test
  void explain_validAccessToken_everyCheckPasses() {
    String token = TestTokens.signedBy(issuerKey).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "orders:read").sign();

    Explanation e = access.explain(token);

    assertThat(e.result().isValid()).isTrue();
    assertThat(names(e)).containsExactly("size", "header", "crit", "typ", "key", "signature", "time", "issuer", "audience", "scope");
    assertThat(e.checks()).allSatisfy(c -> assertThat(c.passed()).isTrue());
    assertThat(e.checks().getFirst()).hasToString("ok   size: " + token.length() + " characters (limit 16384)");
  }

  @Test
  void explain_accessTokenFromAnotherIssuer_passingChecksThenTheFailure() {
    String token = TestTokens.signedBy(issuerKey).clock(clock).accessToken("https://evil.example", ALICE, AUDIENCE, "orders:read").sign();

    Explanation e = access.explain(token);

    assertThat(e.result()).isEqualTo(new Invalid(Rejection.WRONG_ISSUER, "iss is 'https://evil.example'; expected 'https://auth.example.com'"));
    assertThat(names(e)).containsExactly("size", "header", "crit", "typ", "key", "signature", "time", "WRONG_ISSUER");
    assertThat(e.checks().getLast().passed()).isFalse();
    assertThat(e.checks().subList(0, 7)).allSatisfy(c -> assertThat(c.passed()).isTrue());
  }

  @Test
  void explain_explanation_checksAreACopy() {
    String token = TestTokens.signedBy(issuerKey).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "orders:read").sign();

    Explanation e = access.explain(token);

    assertThat(e.checks()).isUnmodifiable();
  }
}
