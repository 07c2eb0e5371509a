package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.signet.Verification.Invalid;
import dev.signet.internal.SafeText;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text a token or a key chooses never reaches a log line or a terminal as it is (gh-12: a
 * {@code jku} of "\r\nFORGED … admin login ok" put a forged line into the server log through
 * Nimbus' parse error, and {@code token verify --explain} printed kids and principals raw). Every
 * rejection detail, every check of an explanation and every {@link UnusableKeyException} message
 * is free of controls, separators and bidi characters, and bounded.
 */
class UntrustedTextTest {
  private static final String FORGED_LINE = "k1\r\n2026-03-01 10:00:00 INFO admin login ok";
  private static final List<String> HOSTILE = List.of(
      FORGED_LINE,
      "\u001b[2J\u001b[31mred",
      "a\u2028b\u2029c\u0085d",
      "\u202eevil\u202c and \u2066isolated\u2069",
      "nul\u0000 del\u007f zero\u200bwidth bom\ufeff nbsp\u00a0",
      "lone \ud800 surrogate",
      "x".repeat(5000) + "\n");

  private final MutableClock clock = Fixtures.clock();

  /** Where in a token the hostile text goes, and which verifier reads that token. */
  static Stream<Arguments> placements() {
    List<Arguments> all = new ArrayList<>();
    for (String text : HOSTILE) {
      String name = SafeText.escape(text, 24);
      all.add(Arguments.of("request kid " + name, request(b -> b.header("kid", text))));
      all.add(Arguments.of("request alg " + name, request(b -> b.header("alg", text))));
      all.add(Arguments.of("request typ " + name, request(b -> b.header("typ", text))));
      all.add(Arguments.of("request crit " + name, request(b -> b.header("crit", List.of(text)))));
      all.add(Arguments.of("request jku " + name, request(b -> b.header("jku", text))));
      all.add(Arguments.of("request x5u " + name, request(b -> b.header("x5u", text))));
      all.add(Arguments.of("request username " + name, request(b -> b.claim("username", text))));
      all.add(Arguments.of("request nonce, replayed " + name, request(b -> b.claim("nonce", text))));
      all.add(Arguments.of("request aud " + name, request(b -> b.claim("aud", text))));
      all.add(Arguments.of("request iss " + name, request(b -> b.claim("iss", text))));
      all.add(Arguments.of("request htm " + name, request(b -> b.claim("htm", text))));
      all.add(Arguments.of("request htu " + name, request(b -> b.claim("htu", text))));
      all.add(Arguments.of("access kid " + name, access(b -> b.header("kid", text))));
      all.add(Arguments.of("access iss " + name, access(b -> b.claim("iss", text))));
      all.add(Arguments.of("access aud " + name, access(b -> b.claim("aud", text))));
      all.add(Arguments.of("access scope " + name, access(b -> b.claim("scope", text))));
      all.add(Arguments.of("access typ " + name, access(b -> b.header("typ", text))));
    }
    return all.stream();
  }

  private record Case(boolean request, UnaryOperator<TestTokens.Builder> change) {}

  private static Case request(UnaryOperator<TestTokens.Builder> change) {
    return new Case(true, change);
  }

  private static Case access(UnaryOperator<TestTokens.Builder> change) {
    return new Case(false, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("placements")
  void verifyAndExplain_hostileTextInTheToken_everyDetailAndCheckSafeAndBounded(String name, Case c) {
    List<String> lines = new ArrayList<>();
    if (c.request()) {
      RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();
      String token = c.change().apply(TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE)).sign();
      RequestContext request = RequestContext.of("GET", URI.create("https://api.example.com/orders"));
      lines.addAll(texts(verifier.explain(token, request)));
      lines.add(detail(verifier.verify(token, request))); // a second use: replayed if the first passed
    } else {
      SigningKey issuer = TestKeys.of(Algorithm.ES256, "issuer");
      TokenVerifier verifier = Fixtures.accessVerifier(clock, issuer.publicKey()).requiredScopes("orders:read").build();
      String token = c.change().apply(TestTokens.signedBy(issuer).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "orders:read")).sign();
      lines.addAll(texts(verifier.explain(token)));
      lines.add(detail(verifier.verify(token)));
    }

    assertThat(lines).allSatisfy(line -> {
      assertThat(SafeText.isSafe(line)).as("safe: %s", line).isTrue();
      assertThat(line).hasSizeLessThanOrEqualTo(Verification.Invalid.MAX_DETAIL_CHARS + 80); // Check.toString adds "FAIL name: "
    });
  }

  @Test
  void verify_kidForgingALogLine_detailEscapesTheLineBreak() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).header("kid", FORGED_LINE).sign();

    assertThat(Fixtures.requestVerifier(clock).build().verify(token)).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "no key with kid 'k1\\u000d\\u000a2026-03-01 10:00:00 INFO admin login ok' for principal 'alice'; known kids: ["
            + Fixtures.alice().kid() + "]"));
  }

  /** Nimbus' message would be "Illegal character in path at index 2: k1\r\n…": never passed on. */
  @Test
  void verify_jkuForgingALogLine_malformedInSignetsWordsOnly() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).header("jku", FORGED_LINE).sign();

    assertThat(Fixtures.requestVerifier(clock).build().verify(token))
        .isEqualTo(new Invalid(Rejection.MALFORMED, "invalid JWS header: parameter 'jku' is not a URI"));
  }

  @Test
  void explain_kidAndPrincipalWithBidiAndLineBreaks_checksEscaped() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add("ali\u202ece", Fixtures.alice().publicKey());
    RequestTokenVerifier verifier = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible("ali\u202ece").sign();

    Explanation explanation = verifier.explain(token, null);

    assertThat(explanation.result().isValid()).isTrue();
    assertThat(explanation.checks()).contains(new Check("principal", true, "'ali\\u202ece' (compatible profile)"));
  }

  @Test
  void invalidAndCheck_builtByAnyone_madeSafe() {
    assertThat(new Invalid(Rejection.MALFORMED, "a\nb").detail()).isEqualTo("a\\u000ab");
    assertThat(new Invalid(Rejection.MALFORMED, "x".repeat(5000)).detail()).hasSize(Verification.Invalid.MAX_DETAIL_CHARS);
    assertThat(new Check("na\rme", false, "de\u2028tail")).isEqualTo(new Check("na\\u000dme", false, "de\\u2028tail"));
  }

  static Stream<Arguments> hostileKeyTexts() {
    String jwk = KeyFixtures.p256().publicKey().toJwk();
    return Stream.of(
        Arguments.of("alg of a JWK", jwk.replace("{", "{\"alg\":\"" + json(FORGED_LINE) + "\",")),
        Arguments.of("kty of a JWK", "{\"kty\":\"" + json(FORGED_LINE) + "\"}"),
        Arguments.of("crv of a JWK", jwk.replace("P-256", json(FORGED_LINE))),
        Arguments.of("kid of a JWK", jwk.replace("{", "{\"kid\":\"" + json(FORGED_LINE) + "\",")),
        Arguments.of("PEM label", "-----BEGIN \u202eKEY\r\nFORGED-----\nAAAA\n-----END \u202eKEY-----\n"),
        Arguments.of("PEM type BouncyCastle does not know", KeyFixtures.pem("X\u0085Y", new byte[] {48, 0})),
        Arguments.of("OpenSSH type", "ssh-rsa\u2028 AAAA"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileKeyTexts")
  void parse_hostileTextInTheKey_messageSafe(String name, String text) {
    Throwable thrown = catchThrowable(() -> VerificationKey.parse(text));

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class);
    assertThat(SafeText.isSafe(thrown.getMessage())).as("safe: %s", thrown.getMessage()).isTrue();
    assertThat(thrown.getMessage()).doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(UnusableKeyException.MAX_MESSAGE_CHARS);
  }

  @Test
  void parse_labelWithBidiAndLineBreaks_labelCleaned() {
    String line = KeyFixtures.ed25519().publicKey().toOpenSsh() + " alice\u202e@\u2028laptop\u200b";

    assertThat(VerificationKey.parse(line).label()).contains("alice @ laptop");
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
  }

  private static List<String> texts(Explanation explanation) {
    List<String> texts = new ArrayList<>();
    explanation.checks().forEach(check -> {
      texts.add(check.name());
      texts.add(check.detail());
      texts.add(check.toString());
    });
    texts.add(detail(explanation.result()));
    return texts;
  }

  private static String detail(Verification verification) {
    return verification instanceof Invalid invalid ? invalid.detail() : "valid";
  }
}
