package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /healthz}, answered by {@link HealthzHandler} in front of Javalin: the same answer as a route's (gh-18). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthzTest {
  TestServer server;

  @BeforeAll
  void startServer() {
    server = TestServer.builder().start();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void healthz_get_okAsJsonWithANewRequestIdEachTime() {
    Response first = server.anonymous().get("/healthz");
    Response second = server.anonymous().get("/healthz?probe=1");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(first.header("Content-Type")).startsWith("application/json");
    assertThat(first.header("X-Request-Id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
  }

  @Test
  void healthz_saneRequestIdGiven_echoed_insaneOneReplaced() {
    Response sane = server.anonymous().send("GET", "/healthz", new byte[0], Map.of("X-Request-Id", "lb-probe-42"));
    Response insane = server.anonymous().send("GET", "/healthz", new byte[0], Map.of("X-Request-Id", "a b<script>"));

    assertThat(sane.header("X-Request-Id")).isEqualTo("lb-probe-42");
    assertThat(insane.header("X-Request-Id")).isNotEqualTo("a b<script>").hasSize(36);
  }

  @Test
  void otherMethodsAndPaths_goOnToTheRoutes() {
    assertThat(server.anonymous().send("POST", "/healthz", new byte[0], Map.of()).status()).isEqualTo(405);
    assertThat(server.anonymous().get("/readyz").status()).isEqualTo(200);
  }
}
