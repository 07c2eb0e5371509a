package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.signet.it.Distribution.Run;
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
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end, every part real (gh-16): {@code signet server} issues an access token
 * from its {@code /oauth/token} to a principal enrolled with the CLI, {@code signet gateway}
 * (a process of the distribution, configured by a YAML file) verifies it against the server's
 * JWKS, and an upstream HTTP server sees only what the gateway forwards.
 */
class GatewayIT {
  @TempDir static Path dir;
  static ServerProcess server;
  static ServerProcess gateway;
  static HttpServer upstream;
  static final AtomicReference<Headers> seen = new AtomicReference<>();
  static String gatewayUrl;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = ServerProcess.start(dir.resolve("data"));
    String url = server.url().toString();
    String code = server.adminCode().orElseThrow(() -> new AssertionError("no admin code: " + server.stdout()));
    succeed(Distribution.signet(dir, "enroll", "--server", url, "--code", code, "--key", "./admin.pem", "--principal", "admin"));
    String[] admin = {"admin", "--server", url, "--key", "./admin.pem"};
    succeed(Distribution.signet(dir, concat(admin, "principals", "create", "orders-svc", "--scope", "orders:read", "--scope", "orders:write")));
    Run issued = succeed(Distribution.signet(dir, concat(admin, "enrollments", "create", "orders-svc", "--json")));
    succeed(Distribution.signet(dir, "enroll", "--server", url, "--code", ApiClient.parse(issued.out()).path("code").textValue(),
        "--key", "./orders.pem"));

    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      seen.set(exchange.getRequestHeaders());
      byte[] body = "{\"upstream\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();

    Path config = Files.writeString(dir.resolve("gateway.yaml"), """
        listen: 127.0.0.1:0
        issuers:
          - issuer: %s
            jwks_uri: %s/.well-known/jwks.json
        routes:
          - path: /orders
            upstream: http://127.0.0.1:%d
            auth: access-token
            scopes: [orders:read]
          - path: /admin-only
            upstream: http://127.0.0.1:%d
            auth: access-token
            scopes: [orders:admin]
        """.formatted(url, url, upstream.getAddress().getPort(), upstream.getAddress().getPort()));
    gateway = ServerProcess.gateway(config, dir);
    gatewayUrl = gateway.url().toString();
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

  @Test
  void bearer_tokenFromTheServer_upstreamSeesTheVerifiedIdentityAndNoSpoofedHeader() throws Exception {
    String token = accessToken();

    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/orders/7"))
        .header("Authorization", "Bearer " + token)
        .header("X-JWT-Sub", "admin")
        .header("x-jwt-scope", "orders:admin")
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"upstream\":true}");
    Headers headers = seen.get();
    assertThat(headers.get("X-JWT-Sub")).containsExactly("orders-svc");
    assertThat(headers.get("X-JWT-Iss")).containsExactly(server.url().toString());
    assertThat(headers.getFirst("X-JWT-Scope")).contains("orders:read").doesNotContain("orders:admin");
    String claims = new String(Base64.getUrlDecoder().decode(headers.getFirst("X-JWT-Claims")), StandardCharsets.UTF_8);
    assertThat(ApiClient.parse(claims).path("client_id").textValue()).isEqualTo("orders-svc");
    assertThat(headers.containsKey("Authorization")).isFalse();
  }

  @Test
  void refusals_noTokenMissingScopeUnknownRoute_401_403_404_andNothingReachesTheUpstream() throws Exception {
    String token = accessToken();
    seen.set(null);

    HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/orders")).header("X-JWT-Sub", "admin").build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> scope = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/admin-only"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/nowhere"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    assertThat(scope.statusCode()).isEqualTo(403);
    assertThat(scope.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(seen.get()).isNull();
  }

  @Test
  void dpop_boundTokenWithItsProofPasses_withoutItIsRefused() throws Exception {
    Run got = succeed(Distribution.signet(dir, "token", "get", "--server", server.url().toString(), "--key", "./orders.pem",
        "--principal", "orders-svc", "--scope", "orders:read", "--dpop"));
    String token = got.out().strip();

    Run withProof = Distribution.signet(dir, "curl", gatewayUrl + "/orders", "--access-token", token, "--dpop", "--key", "./orders.pem");
    HttpResponse<String> withoutProof = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/orders"))
        .header("Authorization", "DPoP " + token).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> asBearer = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/orders"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(withProof.exitCode()).as("%s", withProof).isZero();
    assertThat(withProof.out()).isEqualTo("{\"upstream\":true}");
    assertThat(withoutProof.statusCode()).isEqualTo(401);
    assertThat(asBearer.statusCode()).isEqualTo(401);
  }

  private static String accessToken() {
    Run got = succeed(Distribution.signet(dir, "token", "get", "--server", server.url().toString(), "--key", "./orders.pem",
        "--principal", "orders-svc", "--scope", "orders:read"));
    return got.out().strip();
  }

  private static Run succeed(Run run) {
    assertThat(run.exitCode()).as("%s", run).isZero();
    return run;
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
