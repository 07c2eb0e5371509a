package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gh-16: a {@code request-token} route whose principals live in a real {@code signet server}'s
 * key registry. The gateway (a process of the distribution) reads them as principal
 * {@code gateway}, which has only the {@code key-reader} role, and caches them for 1 s; the test
 * changes the registry through the admin API and watches the gateway follow.
 */
class GatewayRegistryIT {
  static final SigningKey ADMIN = TestKeys.of(Algorithm.ES256, "it-registry-admin");
  static final SigningKey GATEWAY = TestKeys.of(Algorithm.ES256, "it-registry-gateway");
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "it-registry-alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.EdDSA, "it-registry-bob");
  static final SigningKey CAROL = TestKeys.of(Algorithm.ES256, "it-registry-carol");
  static final SigningKey DAVE = TestKeys.of(Algorithm.RS256, "it-registry-dave");

  @TempDir static Path dir;
  static ServerProcess server;
  static ServerProcess gateway;
  static HttpServer upstream;
  static ApiClient admin;
  static final AtomicReference<Headers> seen = new AtomicReference<>();
  static URI gatewayUrl;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = ServerProcess.start(dir.resolve("data"), "--admin-key", Files.writeString(dir.resolve("admin.pub"), ADMIN.publicKey().toPem()).toString());
    admin = new ApiClient(server.url(), ADMIN, "admin");
    principal("gateway", GATEWAY, "{\"name\":\"gateway\",\"roles\":[\"key-reader\"]}");
    principal("alice", ALICE, "{\"name\":\"alice\"}");
    principal("bob", BOB, "{\"name\":\"bob\"}");
    principal("carol", CAROL, "{\"name\":\"carol\",\"enabled\":false}");
    principal("dave", DAVE, "{\"name\":\"dave\"}");

    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      seen.set(exchange.getRequestHeaders());
      byte[] body = "{\"upstream\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();

    Files.writeString(dir.resolve("gateway.pem"), GATEWAY.toPem());
    Path config = Files.writeString(dir.resolve("gateway.yaml"), """
        listen: 127.0.0.1:0
        request_tokens:
          registry: {url: %s, principal: gateway, key_file: gateway.pem, cache_ttl: 1s}
        routes:
          - {path: /orders, upstream: http://127.0.0.1:%d, auth: request-token}
        """.formatted(server.url(), upstream.getAddress().getPort()));
    gateway = ServerProcess.gateway(config, dir);
    gatewayUrl = gateway.url();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
    if (server != null) {
      server.close();
    }
  }

  private static void principal(String name, SigningKey key, String json) {
    admin.call("POST", "/admin/principals", json);
    admin.call("POST", "/admin/principals/" + name + "/keys", ApiClient.json(Map.of("public_key", key.publicKey().toPem())));
  }

  private static String token(String principal, SigningKey key) {
    return TokenSigner.of(key).requestToken(principal).sign();
  }

  private static HttpResponse<String> get(String token) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(gatewayUrl.resolve("/orders/7")).header("Authorization", "JWT " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void registeredPrincipal_itsTokenPasses_upstreamSeesItsName() throws Exception {
    HttpResponse<String> response = get(token("alice", ALICE));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(seen.get().get("X-JWT-Sub")).containsExactly("alice");
  }

  @Test
  void refusals_unknownPrincipalOtherKeyReplayDisabled_401AndNothingReachesTheUpstream() throws Exception {
    String once = token("alice", ALICE);
    assertThat(get(once).statusCode()).isEqualTo(200);
    seen.set(null);

    HttpResponse<String> unknown = get(token("mallory", ALICE));
    HttpResponse<String> otherKey = get(token("alice", BOB));
    HttpResponse<String> replayed = get(once);
    HttpResponse<String> disabled = get(token("carol", CAROL));

    assertThat(List.of(unknown, otherKey, replayed, disabled)).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    });
    assertThat(seen.get()).isNull();
  }

  @Test
  void keyDeletedOrPrincipalDisabledInTheRegistry_refusedOnceTheCacheTtlHasPassed() throws Exception {
    assertThat(get(token("dave", DAVE)).statusCode()).isEqualTo(200);
    assertThat(get(token("bob", BOB)).statusCode()).isEqualTo(200);

    admin.call("DELETE", "/admin/principals/dave/keys/" + DAVE.kid(), null);
    admin.call("PATCH", "/admin/principals/bob", "{\"enabled\":false}");

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      assertThat(get(token("dave", DAVE)).statusCode()).isEqualTo(401);
      assertThat(get(token("bob", BOB)).statusCode()).isEqualTo(401);
    });
  }
}
