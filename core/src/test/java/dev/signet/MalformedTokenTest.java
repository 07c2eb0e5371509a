package dev.signet;

import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Fixtures.Kind;
import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input of any size and shape gets a rejection and bounded work (SPEC §6): oversized tokens are
 * refused before parsing, and broken structure, encoding and JSON are {@link Rejection#MALFORMED},
 * never an exception or a StackOverflowError.
 */
class MalformedTokenTest {
  private final MutableClock clock = Fixtures.clock();

  private Function<String, Verification> verifier(Kind kind, int maxTokenLength) {
    return switch (kind) {
      case REQUEST_TOKEN -> Fixtures.requestVerifier(clock).maxTokenLength(maxTokenLength).build()::verify;
      case ACCESS_TOKEN -> Fixtures.accessVerifier(clock, Fixtures.alice().publicKey()).maxTokenLength(maxTokenLength).build()::verify;
    };
  }

  private Function<String, Verification> verifier(Kind kind) {
    return kind.trusting(clock, Fixtures.alice().publicKey())::verify;
  }

  /** A header this kind of verifier would accept, as JSON text. */
  private static String header(Kind kind) {
    String typ = kind == Kind.ACCESS_TOKEN ? "at+jwt" : "JWT";
    return "{\"alg\":\"ES256\",\"typ\":\"" + typ + "\",\"kid\":\"" + Fixtures.alice().kid() + "\"}";
  }

  static Stream<Arguments> defaultLimits() {
    return Stream.of(Arguments.of(Kind.REQUEST_TOKEN, 8192), Arguments.of(Kind.ACCESS_TOKEN, 16384));
  }

  @ParameterizedTest(name = "{0} limit {1}")
  @MethodSource("defaultLimits")
  void verify_oneMegabyteToken_tooLargeWithoutParsing(Kind kind, int limit) {
    Function<String, Verification> verifier = verifier(kind);
    String huge = Fixtures.b64(header(kind)) + "." + "A".repeat(1 << 20) + ".c2ln";
    assertThat(verifier.apply(huge).isValid()).isFalse(); // warm up

    long fastest = Long.MAX_VALUE;
    Verification result = null;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      result = verifier.apply(huge);
      fastest = Math.min(fastest, System.nanoTime() - start);
    }

    assertThat(result).isEqualTo(new Invalid(TOO_LARGE, "token is " + huge.length() + " characters; the limit is " + limit));
    assertThat(Duration.ofNanos(fastest)).isLessThan(Duration.ofMillis(50));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_tokenOfExactlyTheLimit_parsed(Kind kind) {
    String token = kind.trusting(clock, Fixtures.alice().publicKey()).token(Fixtures.alice()).sign();

    assertThat(verifier(kind, token.length()).apply(token).isValid()).isTrue();
    assertThat(verifier(kind, token.length() - 1).apply(token)).isEqualTo(new Invalid(TOO_LARGE,
        "token is " + token.length() + " characters; the limit is " + (token.length() - 1)));
  }

  static Stream<Arguments> notThreeParts() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, "", 1),
        Arguments.of(kind, "Bearer", 1),
        Arguments.of(kind, "e30.e30", 2),
        Arguments.of(kind, "e30.e30.c2ln.c2ln", 4),
        Arguments.of(kind, "e30.e30.c2ln.c2ln.c2ln", 5),
        Arguments.of(kind, "....", 5)));
  }

  @ParameterizedTest(name = "{0} ''{1}''")
  @MethodSource("notThreeParts")
  void verify_notThreeParts_malformed(Kind kind, String token, int parts) {
    assertThat(verifier(kind).apply(token)).isEqualTo(new Invalid(MALFORMED,
        "not a compact JWS: expected 3 dot-separated parts, found " + parts));
  }

  static Stream<Arguments> badBase64() {
    String alphabet = "is not base64url: character %d is not of the base64url alphabet";
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, 0, "e30!", "header", alphabet.formatted(3)),
        Arguments.of(kind, 0, "eyJh+GciOiJFUzI1NiJ9", "header", alphabet.formatted(4)),
        Arguments.of(kind, 0, "e30 ", "header", alphabet.formatted(3)),
        Arguments.of(kind, 0, "", "header", "is not a JSON object"),
        Arguments.of(kind, 1, "e30*", "payload", alphabet.formatted(3)),
        Arguments.of(kind, 1, "e/30", "payload", alphabet.formatted(1)),
        Arguments.of(kind, 2, "c2ln=x", "signature", "is not base64url: '=' padding is not allowed (RFC 7515 §2)"),
        Arguments.of(kind, 2, "a", "signature", "is not base64url: 1 characters cannot be a whole number of bytes"),
        Arguments.of(kind, 2, "c2ln\n", "signature", alphabet.formatted(4))));
  }

  @ParameterizedTest(name = "{0} part {1} = ''{2}''")
  @MethodSource("badBase64")
  void verify_partNotBase64url_malformed(Kind kind, int part, String replacement, String what, String why) {
    String[] parts = kind.trusting(clock, Fixtures.alice().publicKey()).token(Fixtures.alice()).sign().split("\\.");
    parts[part] = replacement;

    assertThat(verifier(kind).apply(String.join(".", parts))).isEqualTo(new Invalid(MALFORMED, "the " + what + " " + why));
  }

  static Stream<Arguments> notJsonObjects() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        "[]", "[{\"alg\":\"ES256\"}]", "\"ES256\"", "42", "true", "null", "", " ", "{", "{\"alg\":\"ES256\",}",
        "{'alg':'ES256'}", "{alg:\"ES256\"}", "{\"alg\":\"ES256\"} {}", "{\"alg\":\"ES256\"}//", "\uFEFF{\"alg\":\"ES256\"}",
        "[[\"alg\",\"ES256\"],[\"sub\",\"alice\"]]")
        .map(json -> Arguments.of(kind, json)));
  }

  @ParameterizedTest(name = "{0} header {1}")
  @MethodSource("notJsonObjects")
  void verify_headerNotAJsonObject_malformed(Kind kind, String json) {
    String token = Fixtures.signRaw(Fixtures.alice(), json, "{}");

    assertThat(verifier(kind).apply(token)).isEqualTo(new Invalid(MALFORMED, "the header is not a JSON object"));
  }

  @ParameterizedTest(name = "{0} payload {1}")
  @MethodSource("notJsonObjects")
  void verify_payloadNotAJsonObject_malformed(Kind kind, String json) {
    String token = Fixtures.signRaw(Fixtures.alice(), header(kind), json);

    assertThat(verifier(kind).apply(token)).isEqualTo(new Invalid(MALFORMED, "the payload is not a JSON object"));
  }

  static Stream<Arguments> mistypedHeaderParameters() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, "kid", 42),
        Arguments.of(kind, "typ", List.of("JWT")),
        Arguments.of(kind, "crit", "b64"),
        Arguments.of(kind, "jwk", "not a JWK"),
        Arguments.of(kind, "x5c", "not a list")));
  }

  /** Header parameters of the wrong JSON type never reach the checks that read them. */
  @ParameterizedTest(name = "{0} {1}={2}")
  @MethodSource("mistypedHeaderParameters")
  void verify_headerParameterOfTheWrongType_malformed(Kind kind, String parameter, Object value) {
    String token = kind.trusting(clock, Fixtures.alice().publicKey()).token(Fixtures.alice()).header(parameter, value).sign();

    assertThat(verifier(kind).apply(token)).isInstanceOfSatisfying(Invalid.class, invalid -> {
      assertThat(invalid.reason()).isEqualTo(MALFORMED);
      assertThat(invalid.detail()).startsWith("invalid JWS header: ").contains(parameter);
    });
  }

  /**
   * RFC 7515 §4 and RFC 7519 §4: names must be unique, and a parser must either reject duplicates
   * or take the last one. Taking the last would let two parsers of one token disagree (one sees
   * {@code alg: ES256}, another {@code none}), so Signet rejects them; Nimbus' strict Gson does.
   */
  static Stream<Arguments> duplicateKeys() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, "header", "{\"alg\":\"ES256\",\"alg\":\"none\",\"kid\":\"k\"}"),
        Arguments.of(kind, "header", "{\"alg\":\"ES256\",\"kid\":\"a\",\"kid\":\"b\"}"),
        Arguments.of(kind, "payload", "{\"username\":\"alice\",\"username\":\"bob\",\"time\":1,\"nonce\":\"n\"}"),
        Arguments.of(kind, "payload", "{\"sub\":\"alice\",\"iss\":\"alice\",\"sub\":\"admin\"}")));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("duplicateKeys")
  void verify_duplicateJsonKeys_malformed(Kind kind, String part, String json) {
    String token = part.equals("header")
        ? Fixtures.signRaw(Fixtures.alice(), json, "{}")
        : Fixtures.signRaw(Fixtures.alice(), header(kind), json);

    assertThat(verifier(kind).apply(token)).isEqualTo(new Invalid(MALFORMED, "the " + part + " is not a JSON object"));
  }

  /**
   * Inside a claim's value duplicates are not refused: Gson keeps the last, which RFC 7515/7519
   * allow, and no check of Signet's reads a nested member.
   */
  @Test
  void verify_duplicateKeyInsideAClaimValue_lastWins() {
    long clockNow = Fixtures.NOW.getEpochSecond();
    String payload = "{\"iss\":\"" + Fixtures.ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + Fixtures.AUDIENCE + "\",\"iat\":" + clockNow
        + ",\"exp\":" + (clockNow + 60) + ",\"x\":{\"a\":1,\"a\":2}}";
    String token = Fixtures.signRaw(Fixtures.alice(), header(Kind.ACCESS_TOKEN), payload);

    assertThat(verifier(Kind.ACCESS_TOKEN).apply(token)).isInstanceOfSatisfying(Verification.Valid.class,
        v -> assertThat(v.token().claims().claim("x")).contains(Map.of("a", 2L)));
  }

  static Stream<Arguments> deepNesting() {
    return Stream.of(
        Arguments.of(Kind.REQUEST_TOKEN, 65536, 45_000, "["),
        Arguments.of(Kind.REQUEST_TOKEN, 65536, 9_000, "{\"a\":"),
        Arguments.of(Kind.ACCESS_TOKEN, 1 << 20, 100_000, "["),
        Arguments.of(Kind.ACCESS_TOKEN, 1 << 20, 100_000, "{\"a\":"));
  }

  @ParameterizedTest(name = "{0} {2} x {3}")
  @MethodSource("deepNesting")
  void verify_deeplyNestedJson_malformedWithoutStackOverflow(Kind kind, int limit, int depth, String opener) {
    Function<String, Verification> verifier = verifier(kind, limit);
    String nested = "{\"x\":" + opener.repeat(depth) + "1" + "}";
    String inPayload = Fixtures.b64(header(kind)) + "." + Fixtures.b64(nested) + ".c2ln";
    String inHeader = Fixtures.b64("{\"alg\":\"ES256\",\"x\":" + opener.repeat(depth) + "}") + ".e30.c2ln";

    assertThat(verifier.apply(inPayload)).isEqualTo(new Invalid(MALFORMED, "the payload is not a JSON object"));
    assertThat(verifier.apply(inHeader)).isEqualTo(new Invalid(MALFORMED, "the header is not a JSON object"));
  }
}
