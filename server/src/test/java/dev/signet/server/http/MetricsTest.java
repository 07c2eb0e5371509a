package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} in Prometheus text format (requests, rejections by reason, verification
 * latency) on the management listener only: the public one must not tell a caller which check
 * refused its token (gh-12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "metrics-alice");

  TestServer server;
  ApiClient alice;

  @BeforeAll
  void startServer() {
    server = TestServer.builder().withManagement().start();
    alice = server.createPrincipal("alice", ALICE);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void metrics_prometheusTextWithRequestsByRouteAndStatus() {
    server.anonymous().get("/healthz");
    server.anonymous().get("/nothing/here");

    Response metrics = server.management().get("/metrics");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(value(metrics.body(), "signet_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics.body(), "signet_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}")).isGreaterThanOrEqualTo(1);
    assertThat(metrics.body()).contains("# TYPE signet_auth_verify_seconds histogram");
  }

  @Test
  void rejection_countedByReason() {
    String badSignature = "signet_auth_rejections_total{reason=\"BAD_SIGNATURE\"}";
    String replayed = "signet_auth_rejections_total{reason=\"REPLAYED\"}";
    String unauthorized = "signet_http_requests_total{method=\"GET\",route=\"/whoami\",status=\"401\"}";
    String before = scrape();
    String token = alice.token("GET", "/whoami");

    alice.sendWithAuthorization("GET", "/whoami", new byte[0],
        "JWT " + TestTokens.signedBy(TestKeys.of(Algorithm.ES256, "metrics-mallory")).header("kid", ALICE.kid()).compatible("alice").sign());
    alice.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + token);
    alice.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + token);
    String after = scrape();

    assertThat(value(after, badSignature) - value(before, badSignature)).isEqualTo(1);
    assertThat(value(after, replayed) - value(before, replayed)).isEqualTo(1);
    assertThat(value(after, unauthorized) - value(before, unauthorized)).isEqualTo(2);
    assertThat(value(after, "signet_auth_rejections_total{reason=\"EXPIRED\"}")).isZero();
  }

  @Test
  void verification_recordedInTheLatencyHistogram() {
    String count = "signet_auth_verify_seconds_count";
    String accepted = "signet_auth_accepted_total{method=\"request-token\"}";
    String before = scrape();

    for (int i = 0; i < 3; i++) {
      assertThat(alice.get("/whoami").status()).isEqualTo(200);
    }
    String after = scrape();

    assertThat(value(after, count) - value(before, count)).isEqualTo(3);
    assertThat(value(after, accepted) - value(before, accepted)).isEqualTo(3);
    assertThat(value(after, "signet_auth_verify_seconds_sum")).isPositive();
    assertThat(after).containsPattern("signet_auth_verify_seconds_bucket\\{le=\"[0-9.E-]+\"} [0-9.E]+");
    assertThat(value(after, "signet_auth_verify_seconds_bucket{le=\"+Inf\"}")).isEqualTo(value(after, count));
  }

  @Test
  void metrics_onThePublicListener_notFound() {
    alice.sendWithAuthorization("GET", "/whoami", new byte[0],
        "JWT " + TestTokens.signedBy(TestKeys.of(Algorithm.ES256, "metrics-mallory")).header("kid", ALICE.kid()).compatible("alice").sign());

    Response metrics = server.anonymous().get("/metrics");

    assertThat(metrics.status()).isEqualTo(404);
    assertThat(metrics.body()).isEqualTo("{\"error\":\"not_found\"}").doesNotContain("signet_auth_rejections");
  }

  @Test
  void readyz_publicStatusOnly_managementNamesEachCheck() {
    Response open = server.anonymous().get("/readyz");
    Response management = server.management().get("/readyz");

    assertThat(open.status()).isEqualTo(200);
    assertThat(open.body()).isEqualTo("{\"status\":\"ready\"}");
    assertThat(management.status()).isEqualTo(200);
    assertThat(management.body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"database\":\"up\"}}");
    assertThat(server.management().get("/healthz").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(server.server().managementUrl().orElseThrow().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void managementListener_notAskedFor_none() {
    try (TestServer plain = TestServer.start()) {
      assertThat(plain.server().managementUrl()).isEmpty();
    }
  }

  private String scrape() {
    return server.management().get("/metrics").body();
  }

  /** The value of the sample named exactly {@code sample} (name and labels), 0 if absent. */
  static double value(String metrics, String sample) {
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
