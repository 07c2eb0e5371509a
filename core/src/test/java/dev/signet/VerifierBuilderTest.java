package dev.signet;

import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builders check every setting at {@code build()} and name the one that is wrong (STYLE D). */
class VerifierBuilderTest {
  private static final InMemoryPrincipalKeys PRINCIPALS = new InMemoryPrincipalKeys().add("alice", Fixtures.alice().publicKey());

  static Stream<Arguments> badRequestVerifierSettings() {
    return Stream.of(
        bad(b -> b.clockSkew(Duration.ofSeconds(-5)), "clockSkew must not be negative: PT-5S"),
        bad(b -> b.clockSkew(Duration.ofMinutes(6)), "clockSkew must be at most PT5M: PT6M"),
        bad(b -> b.maxLifetime(Duration.ZERO), "maxLifetime must be positive and at most PT1H: PT0S"),
        bad(b -> b.maxLifetime(Duration.ofHours(2)), "maxLifetime must be positive and at most PT1H: PT2H"),
        bad(b -> b.profiles(), "profiles must not be empty"),
        bad(b -> b.profiles(TokenProfile.ACCESS_TOKEN), "ACCESS_TOKEN is not a request-token profile; use TokenVerifier"),
        bad(b -> b.algorithms(), "algorithms must not be empty"),
        bad(b -> b.maxTokenLength(255), "maxTokenLength must be 256-65536: 255"),
        bad(b -> b.maxTokenLength(65537), "maxTokenLength must be 256-65536: 65537"));
  }

  private static Arguments bad(UnaryOperator<RequestTokenVerifier.Builder> setting, String message) {
    return Arguments.of(setting, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badRequestVerifierSettings")
  void build_requestVerifierWithBadSetting_illegalStateNamingIt(UnaryOperator<RequestTokenVerifier.Builder> setting, String message) {
    RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(PRINCIPALS).audience(AUDIENCE);

    assertThatThrownBy(() -> setting.apply(builder).build()).isInstanceOf(IllegalStateException.class).hasMessage(message);
  }

  @Test
  void build_requestVerifierAcceptingStandardProfileWithoutAudience_illegalState() {
    assertThatThrownBy(() -> RequestTokenVerifier.builder(PRINCIPALS).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("audience is required when the standard profile is accepted");
    assertThat(RequestTokenVerifier.builder(PRINCIPALS).profiles(TokenProfile.COMPATIBLE).build()).isNotNull();
  }

  @Test
  void build_requestVerifierAtTheLimits_builds() {
    assertThat(RequestTokenVerifier.builder(PRINCIPALS).audience(AUDIENCE).clockSkew(Duration.ZERO).clockSkew(Duration.ofMinutes(5))
        .maxLifetime(Duration.ofHours(1)).maxTokenLength(256).maxTokenLength(65536).build()).isNotNull();
  }

  @Test
  void builder_requestVerifierNulls_nullPointerNamingTheArgument() {
    assertThatThrownBy(() -> RequestTokenVerifier.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("keys");
    RequestTokenVerifier.Builder b = RequestTokenVerifier.builder(PRINCIPALS);
    assertThatThrownBy(() -> b.audience(null)).isInstanceOf(NullPointerException.class).hasMessage("audience");
    assertThatThrownBy(() -> b.clockSkew(null)).isInstanceOf(NullPointerException.class).hasMessage("clockSkew");
    assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> b.replayStore(null)).isInstanceOf(NullPointerException.class).hasMessage("replayStore");
  }

  /** The product is immutable: changing the builder afterwards does not reach it. */
  @Test
  void build_builderChangedAfterwards_verifierUnchanged() {
    RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(PRINCIPALS).audience(AUDIENCE).algorithms(Algorithm.ES256);
    RequestTokenVerifier verifier = builder.build();

    builder.algorithms(Algorithm.RS256).audience("https://other.example");

    assertThat(verifier.toString()).contains("audience=https://api.example.com");
    String token = TestTokens.signedBy(Fixtures.alice()).compatible("alice").sign();
    assertThat(verifier.verify(token).isValid()).isTrue();
  }

  static Stream<Arguments> badTokenVerifierSettings() {
    return Stream.of(
        badAccess(b -> b.clockSkew(Duration.ofSeconds(-5)), "clockSkew must not be negative: PT-5S"),
        badAccess(b -> b.clockSkew(Duration.ofMinutes(6)), "clockSkew must be at most PT5M: PT6M"),
        badAccess(b -> b.maxLifetime(Duration.ZERO), "maxLifetime must be positive: PT0S"),
        badAccess(b -> b.algorithms(), "algorithms must not be empty"),
        badAccess(b -> b.types(), "types must not be empty"),
        badAccess(b -> b.maxTokenLength(100), "maxTokenLength must be 256-1048576: 100"),
        badAccess(b -> b.maxTokenLength((1 << 20) + 1), "maxTokenLength must be 256-1048576: 1048577"));
  }

  private static Arguments badAccess(UnaryOperator<TokenVerifier.Builder> setting, String message) {
    return Arguments.of(setting, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badTokenVerifierSettings")
  void build_tokenVerifierWithBadSetting_illegalStateNamingIt(UnaryOperator<TokenVerifier.Builder> setting, String message) {
    TokenVerifier.Builder builder = TokenVerifier.builder(KeySource.of(Fixtures.alice().publicKey())).issuer(ISSUER);

    assertThatThrownBy(() -> setting.apply(builder).build()).isInstanceOf(IllegalStateException.class).hasMessage(message);
  }

  @Test
  void build_tokenVerifierWithoutIssuer_illegalState() {
    assertThatThrownBy(() -> TokenVerifier.builder(KeySource.of()).audience(AUDIENCE).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("issuer is required");
  }

  @Test
  void builder_tokenVerifierNulls_nullPointerNamingTheArgument() {
    assertThatThrownBy(() -> TokenVerifier.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("keys");
    assertThatThrownBy(() -> TokenVerifier.builder(KeySource.of()).issuer(null)).isInstanceOf(NullPointerException.class).hasMessage("issuer");
  }

  static Stream<Arguments> badRemoteJwksSettings() {
    URI local = URI.create("http://127.0.0.1:1/jwks.json");
    return Stream.of(
        badRemote(URI.create("ftp://auth.example.com/jwks.json"), b -> b, "JWKS URI must be an absolute http(s) URL: ftp://auth.example.com/jwks.json"),
        badRemote(URI.create("/jwks.json"), b -> b, "JWKS URI must be an absolute http(s) URL: /jwks.json"),
        badRemote(URI.create("http://auth.example.com/jwks.json"), b -> b, "JWKS URI must use https unless the host is loopback: http://auth.example.com/jwks.json"),
        badRemote(URI.create("http://10.0.0.1/jwks.json"), b -> b, "JWKS URI must use https unless the host is loopback: http://10.0.0.1/jwks.json"),
        badRemote(local, b -> b.cacheTtl(Duration.ZERO), "cacheTtl must be positive: PT0S"),
        badRemote(local, b -> b.fetchTimeout(Duration.ofSeconds(-1)), "fetchTimeout must be positive: PT-1S"),
        badRemote(local, b -> b.unknownKidTtl(Duration.ZERO), "unknownKidTtl must be positive: PT0S"),
        badRemote(local, b -> b.maxFetchesPerMinute(0), "maxFetchesPerMinute must be 1 to 600: 0"),
        badRemote(local, b -> b.maxFetchesPerMinute(601), "maxFetchesPerMinute must be 1 to 600: 601"),
        badRemote(local, b -> b.outageTolerance(Duration.ofSeconds(-1)), "outageTolerance must not be negative: PT-1S"),
        badRemote(local, b -> b.maxBytes(1023), "maxBytes must be 1 KiB to 512 KiB: 1023"),
        badRemote(local, b -> b.maxBytes(512 * 1024 + 1), "maxBytes must be 1 KiB to 512 KiB: 524289"));
  }

  private static Arguments badRemote(URI uri, UnaryOperator<RemoteJwks.Builder> setting, String message) {
    return Arguments.of(uri, setting, message);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badRemoteJwksSettings")
  void build_remoteJwksWithBadSetting_illegalStateNamingIt(URI uri, UnaryOperator<RemoteJwks.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.apply(RemoteJwks.builder(uri)).build()).isInstanceOf(IllegalStateException.class).hasMessage(message);
  }

  @Test
  void build_remoteJwksWithShortCacheTtl_builds() {
    URI local = URI.create("https://127.0.0.1:1/jwks.json");

    assertThat(RemoteJwks.builder(local).cacheTtl(Duration.ofSeconds(10)).maxFetchesPerMinute(600).build()).isNotNull();
    assertThat(RemoteJwks.builder(local).cacheTtl(Duration.ofMillis(50)).build()).isNotNull();
    assertThat(RemoteJwks.builder(local).outageTolerance(Duration.ZERO).build()).isNotNull();
  }
}
