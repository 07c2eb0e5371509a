package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /whoami} without a body is answered by {@link WhoamiHandler} in front of Javalin; with
 * a body it goes on to the Javalin route. Both must answer alike: status, body, {@code
 * Content-Type}, {@code X-Request-Id}, {@code WWW-Authenticate} (gh-18).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhoamiHandlerTest {
  static final byte[] BODY = "x".getBytes(StandardCharsets.UTF_8);

  TestServer server;
  ApiClient carol;

  @BeforeAll
  void startServer() {
    server = TestServer.builder().start();
    carol = server.createPrincipal("carol", SigningKey.generateEd25519());
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void whoami_requestToken_sameAnswerWithoutABodyAsWithOne() {
    Response handler = carol.send("GET", "/whoami", new byte[0], Map.of("X-Request-Id", "fast-1"));
    Response route = carol.send("GET", "/whoami", BODY, Map.of("X-Request-Id", "route-1"));

    assertThat(handler.status()).isEqualTo(200);
    assertThat(handler.json().path("principal").asText()).isEqualTo("carol");
    assertThat(handler.json().path("method").asText()).isEqualTo("request-token");
    assertSame(handler, route);
    assertThat(handler.header("X-Request-Id")).isEqualTo("fast-1");
    assertThat(route.header("X-Request-Id")).isEqualTo("route-1");
  }

  @Test
  void whoami_garbageOrNoToken_same401WithoutABodyAsWithOne() {
    for (String authorization : new String[] {"JWT garbage", "Bearer a.b.c", "Basic dXNlcjpwYXNz"}) {
      Response handler = server.anonymous().sendWithAuthorization("GET", "/whoami", new byte[0], authorization);
      Response route = server.anonymous().sendWithAuthorization("GET", "/whoami", BODY, authorization);

      assertThat(handler.status()).as(authorization).isEqualTo(401);
      assertThat(handler.body()).isEqualTo("{\"error\":\"invalid_token\"}");
      assertThat(handler.headers("WWW-Authenticate")).containsExactly("JWT realm=\"signet\", error=\"invalid_token\"");
      assertSame(handler, route);
    }
  }

  @Test
  void whoami_refusedAccessToken_challengesBearerAndDpopToo() {
    Response handler = server.anonymous().sendWithAuthorization("GET", "/whoami", new byte[0], "DPoP a.b.c");
    Response route = server.anonymous().sendWithAuthorization("GET", "/whoami", BODY, "DPoP a.b.c");

    assertThat(handler.status()).isEqualTo(401);
    assertThat(handler.headers("WWW-Authenticate")).hasSize(3);
    assertThat(handler.headers("WWW-Authenticate").get(1)).isEqualTo("Bearer realm=\"signet\", error=\"invalid_token\"");
    assertSame(handler, route);
  }

  @Test
  void whoami_replayedToken_refusedByTheHandler() {
    String token = carol.token("GET", "/whoami");

    assertThat(server.anonymous().sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + token).status()).isEqualTo(200);
    assertThat(server.anonymous().sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + token).status()).isEqualTo(401);
  }

  /**
   * On one keep-alive connection: distinct tokens (too long for Jetty's header cache since gh-18), a
   * replay, and a short header that the cache keeps, each answered for its own request.
   */
  @Test
  void whoami_requestsPipelinedOnOneConnection_eachAnsweredByItsOwnHeader() {
    String first = carol.token("GET", "/whoami");
    String second = carol.token("GET", "/whoami");
    StringBuilder requests = new StringBuilder();
    for (String authorization : new String[] {"JWT " + first, "JWT garbage", "JWT " + first, "JWT garbage", "JWT " + second}) {
      requests.append("GET /whoami HTTP/1.1\r\nHost: localhost\r\nAuthorization: ").append(authorization).append("\r\n\r\n");
    }
    requests.append("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    String responses = RawHttp.exchange(server.port(), requests.toString());

    assertThat(Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(responses).results().map(m -> m.group(1)))
        .containsExactly("200", "401", "401", "401", "200", "200");
    assertThat(responses).contains("\"principal\":\"carol\"");
  }

  private static void assertSame(Response handler, Response route) {
    assertThat(handler.status()).isEqualTo(route.status());
    assertThat(handler.header("Content-Type")).isEqualTo(route.header("Content-Type"));
    assertThat(handler.headers("WWW-Authenticate")).isEqualTo(route.headers("WWW-Authenticate"));
    assertThat(handler.headers("Retry-After")).isEqualTo(route.headers("Retry-After"));
    assertThat(handler.headers("Cache-Control")).isEqualTo(route.headers("Cache-Control"));
    if (handler.status() != 200) {
      assertThat(handler.body()).isEqualTo(route.body());
    } else {
      assertThat(handler.json().path("scope")).isEqualTo(route.json().path("scope"));
      assertThat(handler.json().path("kid")).isEqualTo(route.json().path("kid"));
      assertThat(handler.json().fieldNames()).toIterable().containsExactlyElementsOf(() -> route.json().fieldNames());
    }
  }
}
