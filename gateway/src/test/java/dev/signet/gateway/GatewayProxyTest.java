package dev.signet.gateway;

import static dev.signet.gateway.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a real issuer (JWKS over HTTP), the real gateway, a real upstream that records what it sees. */
class GatewayProxyTest {
  static TestIssuer issuer;
  static Upstream upstream;
  static Gateway gateway;
  static SigningKey alice = TestKeys.of(Algorithm.ES256, "alice");
  static int closedPort;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "issuer"));
    upstream = new Upstream();
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Files.writeString(dir.resolve("alice.jwks"), VerificationKey.toJwks(List.of(alice.publicKey())));
    gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        management: 127.0.0.1:0
        issuers:
          - issuer: %1$s
            jwks_uri: %1$s/jwks.json
        request_tokens:
          keys: {alice: alice.jwks}
        upstream: {connect_timeout: 2s, idle_timeout: 1s}
        routes:
          - path: /api
            upstream: %2$s
            audience: orders-api
            scopes: [orders:read]
            auth: access-token
            claim_headers: {X-JWT-Client: client_id}
          - path: /api/admin
            upstream: %2$s
            audience: orders-api
            scopes: [orders:read, orders:admin]
            methods: [GET]
            auth: access-token
          - path: /limited
            upstream: %2$s
            auth: access-token
            rate_limit: {requests: 2, per: 1h}
          - path: /pass
            upstream: %2$s
            auth: access-token
            forward_authorization: true
          - path: /open
            upstream: %2$s
            auth: none
          - path: /signed
            upstream: %2$s
            auth: request-token
          - path: /down
            upstream: http://127.0.0.1:%3$d
            auth: none
        """.formatted(issuer.issuer(), upstream.url(), closedPort)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    issuer.close();
  }

  static URI at(String path) {
    return gateway.uri().resolve(path);
  }

  static String bearer(String subject, String scope) {
    return "Bearer " + issuer.accessToken(subject, "orders-api", scope);
  }

  @Test
  void get_validToken_upstreamSeesIdentityHeadersAndNoAuthorization() {
    HttpResponse<String> r = get(at("/api/orders?page=2"), "Authorization", bearer("bob", "orders:read orders:write"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    Upstream.Seen seen = upstream.last();
    assertThat(seen.uri()).isEqualTo("/api/orders?page=2");
    assertThat(seen.header("X-JWT-Sub")).containsExactly("bob");
    assertThat(seen.header("X-JWT-Iss")).containsExactly(issuer.issuer());
    assertThat(seen.header("X-JWT-Scope").getFirst().split(" ")).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(seen.header("X-JWT-Client")).containsExactly("bob");
    String claims = new String(Base64.getUrlDecoder().decode(seen.header("X-JWT-Claims").getFirst()), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"sub\":\"bob\"").contains("\"aud\":\"orders-api\"");
    assertThat(seen.header("Authorization")).isEmpty();
    assertThat(seen.header("Forwarded").getFirst()).contains("for=");
  }

  @Test
  void get_spoofedIdentityHeadersInAnyCase_neverReachUpstream() {
    HttpResponse<String> r = get(at("/api/orders"), "Authorization", bearer("bob", "orders:read"), "X-JWT-Sub", "admin",
        "x-jwt-sub", "root", "X-Jwt-Scope", "orders:admin", "X-JWT-Tenant", "evil", "X-Forwarded-For", "10.0.0.1");

    assertThat(r.statusCode()).isEqualTo(200);
    Upstream.Seen seen = upstream.last();
    assertThat(seen.header("X-JWT-Sub")).containsExactly("bob");
    assertThat(seen.header("X-JWT-Scope")).containsExactly("orders:read");
    assertThat(seen.header("X-JWT-Tenant")).isEmpty();
    assertThat(seen.header("X-Forwarded-For")).isEmpty();
  }

  @Test
  void get_spoofedIdentityHeadersOnPublicRoute_stripped() {
    int before = upstream.count();
    HttpResponse<String> r = get(at("/open/x"), "X-JWT-Sub", "admin", "X-JWT-Claims", "e30");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstream.count()).isEqualTo(before + 1);
    assertThat(upstream.last().headers().keySet()).noneMatch(h -> h.startsWith("x-jwt-"));
  }

  @Test
  void get_noToken_401WithChallengeAndGenericBody() {
    int before = upstream.count();
    HttpResponse<String> r = get(at("/api/orders"), "X-JWT-Sub", "admin");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Bearer ") && v.contains("error=\"invalid_token\""));
    assertThat(r.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void get_missingScope_403InsufficientScope() {
    HttpResponse<String> r = get(at("/api/admin/users"), "Authorization", bearer("bob", "orders:read"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("{\"error\":\"insufficient_scope\"}");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope").contains("orders:admin");
  }

  @Test
  void post_methodNotListed_405WithAllow() {
    HttpResponse<String> r = Fixture.send(java.net.http.HttpRequest.newBuilder(at("/api/admin/users"))
        .header("Authorization", bearer("bob", "orders:read orders:admin")).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void get_rawQueryOrPathCharactersOutsideRfc3986_400GenericBody_andTheGatewayGoesOn() throws IOException {
    for (String target : List.of("/open/x?a|b", "/open/x?a{b}", "/open/x?a^b`c", "/open/a|b", "/open/x?%zz", "/open/x?a%2", "/open/x?\"q\"")) {
      String answer = rawGet(target);
      assertThat(answer).as(target).startsWith("HTTP/1.1 400 ").endsWith("{\"error\":\"invalid_request\"}")
          .doesNotContain("Exception");
    }
    assertThat(rawGet("/open/x?a=1&b=%7C&c=d:e@f/g?h")).startsWith("HTTP/1.1 200 ");
    assertThat(get(at("/open/after")).statusCode()).isEqualTo(200);
  }

  /** A GET sent as raw bytes (java.net.http refuses to build these URIs), its whole answer as text. */
  static String rawGet(String target) throws IOException {
    try (java.net.Socket socket = new java.net.Socket(gateway.uri().getHost(), gateway.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void get_noRouteMatches_404() {
    assertThat(get(at("/apix")).statusCode()).isEqualTo(404);
    assertThat(get(at("/nothing/here")).body()).isEqualTo("{\"error\":\"not_found\"}");
  }

  @Test
  void get_nonCanonicalPath_400() {
    assertThat(get(at("/open/%2e%2e/api")).statusCode()).isEqualTo(400);
    assertThat(get(at("/open/a%2Fb")).statusCode()).isIn(400);
  }

  @Test
  void get_overPrincipalLimit_429WithRetryAfter_otherPrincipalUnaffected() {
    for (int i = 0; i < 2; i++) {
      assertThat(get(at("/limited"), "Authorization", "Bearer " + issuer.accessToken("carol", "any", "")).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> r = get(at("/limited"), "Authorization", "Bearer " + issuer.accessToken("carol", "any", ""));

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(get(at("/limited"), "Authorization", "Bearer " + issuer.accessToken("dave", "any", "")).statusCode()).isEqualTo(200);
  }

  @Test
  void get_forgedTokensNamingVictim_doNotSpendVictimsLimit() {
    SigningKey attacker = TestKeys.of(Algorithm.ES256, "attacker");
    for (int i = 0; i < 5; i++) {
      String forged = TestTokens.signedBy(attacker).accessToken(issuer.issuer(), "erin", "any", "").header("kid", issuer.key().publicKey().kid()).sign();
      assertThat(get(at("/limited"), "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);
    }
    assertThat(get(at("/limited"), "Authorization", "Bearer " + issuer.accessToken("erin", "any", "")).statusCode()).isEqualTo(200);
  }

  @Test
  void get_routeForwardsAuthorization_upstreamSeesIt() {
    String auth = "Bearer " + issuer.accessToken("bob", "any", "");
    assertThat(get(at("/pass"), "Authorization", auth).statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("Authorization")).containsExactly(auth);
  }

  @Test
  void get_upstreamRefusesConnections_502GenericBody() {
    HttpResponse<String> r = get(at("/down"));

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).isEqualTo("{\"error\":\"bad_gateway\"}");
  }

  @Test
  void get_upstreamSilentPastIdleTimeout_504GenericBody() {
    HttpResponse<String> r = get(at("/open/sleep"));

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).isEqualTo("{\"error\":\"upstream_timeout\"}");
  }

  @Test
  void get_dpopBoundToken_acceptedWithProof_refusedWithoutOrReplayed() {
    SigningKey client = TestKeys.of(Algorithm.ES256, "dpop-client");
    String token = issuer.token("frank", "orders-api", "orders:read").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
    String proof = TestDpop.proof(client).method("GET").url(at("/api/dpop")).accessToken(token).sign();

    assertThat(get(at("/api/dpop"), "Authorization", "DPoP " + token, "DPoP", proof).statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("frank");
    assertThat(upstream.last().header("DPoP")).isEmpty();
    assertThat(get(at("/api/dpop"), "Authorization", "DPoP " + token, "DPoP", proof).statusCode()).as("replayed proof").isEqualTo(401);
    assertThat(get(at("/api/dpop"), "Authorization", "DPoP " + token).statusCode()).as("no proof").isEqualTo(401);
    assertThat(get(at("/api/dpop"), "Authorization", "Bearer " + token).statusCode()).as("as bearer").isEqualTo(401);
  }

  @Test
  void get_requestTokenRoute_acceptsPrincipalsSignedToken() {
    String token = TestTokens.signedBy(alice).standard("alice", gateway.uri().toString()).sign();

    assertThat(get(at("/signed/x"), "Authorization", "JWT " + token).statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("alice");
    assertThat(upstream.last().header("X-JWT-Iss")).isEmpty();
    assertThat(get(at("/signed/x"), "Authorization", "JWT " + token).statusCode()).as("nonce replayed").isEqualTo(401);
    assertThat(get(at("/signed/x"), "Authorization", bearer("bob", "orders:read")).statusCode()).as("access token").isEqualTo(401);
  }

  @Test
  void get_requestTokenSignedWithAnotherPrincipalsKey_401() {
    SigningKey bob = TestKeys.of(Algorithm.ES256, "bob");
    String forged = TestTokens.signedBy(bob).standard("alice", gateway.uri().toString()).header("kid", alice.publicKey().kid()).sign();
    int before = upstream.count();

    assertThat(get(at("/signed/x"), "Authorization", "JWT " + forged).statusCode()).isEqualTo(401);
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void metrics_onManagementListenerOnly() {
    get(at("/api/orders"));
    HttpResponse<String> metrics = get(gateway.managementUri().resolve("/metrics"));

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("signet_gateway_requests_total").contains("signet_auth_rejections_total");
    assertThat(get(at("/metrics")).statusCode()).isEqualTo(404);
  }
}
