package dev.signet.gateway;

import static dev.signet.gateway.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.Algorithm;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth: introspection}: the token is verified locally and its issuer's RFC 7662 endpoint
 * is asked whether it is still active (answers cached briefly), so a revoked token stops working
 * before its {@code exp}. The endpoint here answers {@code active: false} for revoked tokens and
 * checks the gateway's client credentials.
 */
class IntrospectionTest {
  static TestIssuer issuer;
  static HttpServer introspection;
  static Upstream upstream;
  static Gateway gateway;
  static final Set<String> REVOKED = ConcurrentHashMap.newKeySet();
  static final AtomicInteger ASKED = new AtomicInteger();

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "introspecting-issuer"));
    introspection = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    introspection.createContext("/introspect", exchange -> {
      ASKED.incrementAndGet();
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("gateway:s3cret".getBytes(StandardCharsets.UTF_8));
      boolean authenticated = basic.equals(exchange.getRequestHeaders().getFirst("Authorization"));
      boolean active = authenticated && REVOKED.stream().noneMatch(form::contains);
      byte[] body = ("{\"active\":" + active + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(authenticated ? 200 : 401, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    introspection.start();
    upstream = new Upstream();
    gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        issuers:
          - issuer: %1$s
            jwks_uri: %1$s/jwks.json
            introspection: {endpoint: http://127.0.0.1:%3$d/introspect, client_id: gateway, client_secret: s3cret, cache_ttl: 1s}
        routes:
          - {path: /live, upstream: %2$s, audience: orders-api, auth: introspection}
          - {path: /local, upstream: %2$s, audience: orders-api, auth: access-token}
        """.formatted(issuer.issuer(), upstream.url(), introspection.getAddress().getPort())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    introspection.stop(0);
    issuer.close();
  }

  @Test
  void get_activeToken_200_revokedToken_401() {
    String kept = issuer.accessToken("kim", "orders-api", "");
    String revoked = issuer.accessToken("lee", "orders-api", "");
    REVOKED.add(revoked.substring(revoked.lastIndexOf('.') + 1, revoked.lastIndexOf('.') + 20));

    assertThat(get(gateway.uri().resolve("/live/a"), "Authorization", "Bearer " + kept).statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("kim");
    assertThat(get(gateway.uri().resolve("/live/a"), "Authorization", "Bearer " + revoked).statusCode()).isEqualTo(401);
  }

  @Test
  void get_accessTokenRoute_neverAsksTheEndpoint() {
    int before = ASKED.get();

    assertThat(get(gateway.uri().resolve("/local/a"), "Authorization", "Bearer " + issuer.accessToken("max", "orders-api", "")).statusCode()).isEqualTo(200);
    assertThat(ASKED.get()).isEqualTo(before);
  }
}
