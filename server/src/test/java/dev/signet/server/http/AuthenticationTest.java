package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertInsufficientScope;
import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.Binding;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.LogCapture;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request-token authentication over HTTP (SPEC §3, §6): both profiles, both schemes, replay,
 * request binding as the client addressed the server, and the exact 401 and 403 shapes.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.RS256, "bob");
  static final SigningKey CAROL = TestKeys.of(Algorithm.EdDSA, "carol");
  static final byte[] NO_BODY = new byte[0];

  @Parameter Backend backend;
  TestServer server;
  ApiClient alice;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    alice = server.createPrincipal("alice", ALICE);
    server.createPrincipal("bob", BOB);
    server.createPrincipal("carol", CAROL);
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) { // null when the start was aborted (no PostgreSQL here): a skip, not a failure
      server.close();
    }
  }

  @Test
  void whoami_compatibleToken_answersPrincipalKidAndMethod() {
    Response response = alice.get("/whoami");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(ApiClient.tree(ApiClient.json(
        "principal", "alice", "kid", ALICE.kid(), "method", "request-token", "scope", "")));
  }

  @Test
  void whoami_standardToken_accepted() {
    Response response = alice.standard(server.issuer()).get("/whoami");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("principal").asText()).isEqualTo("alice");
  }

  @Test
  void rejections_firstOfEachKindInAnInterval_oneInfoLineWithReasonSourceAndRequestId() {
    String token = alice.token("GET", "/whoami");
    alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token);
    server.flushAudit(); // a new interval: earlier tests' refusals from 127.0.0.1 were the first of their kinds
    Response replayed;
    Response missing;
    Response forbidden;
    try (LogCapture logs = LogCapture.start()) {
      replayed = alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token);
      missing = server.anonymous().get("/me/keys");
      forbidden = alice.bound().get("/admin/principals");

      assertThat(infoLinesOf(logs, replayed)).singleElement().asString().contains("rejection=REPLAYED principal=alice kid=" + ALICE.kid() + " path=/whoami");
      assertThat(infoLinesOf(logs, missing)).singleElement().asString().contains("rejection=NO_TOKEN path=/me/keys source=127.0.0.1");
      assertThat(infoLinesOf(logs, forbidden)).singleElement().asString()
          .contains("403 GET /admin/principals: principal 'alice' lacks the admin role");
    }
  }

  private static List<String> infoLinesOf(LogCapture logs, Response response) {
    String id = response.header("X-Request-Id");
    return logs.lines().stream().filter(l -> l.startsWith("INFO ") && l.contains(id)).toList();
  }

  @Test
  void whoami_rsaAndEd25519Keys_acceptedInBothProfiles() {
    for (ApiClient client : List.of(server.as("bob", BOB), server.as("carol", CAROL))) {
      assertThat(client.get("/whoami").status()).isEqualTo(200);
      assertThat(client.standard(server.issuer()).bound().get("/whoami").status()).isEqualTo(200);
    }
  }

  @Test
  void whoami_bearerOrLowerCaseScheme_accepted() {
    for (String scheme : List.of("Bearer ", "bearer ", "jwt ", "JWT  ")) {
      Response response = alice.sendWithAuthorization("GET", "/whoami", NO_BODY, scheme + alice.token("GET", "/whoami"));

      assertThat(response.status()).as(scheme).isEqualTo(200);
    }
  }

  @Test
  void whoami_noAuthorizationHeader_401WithJwtChallenge() {
    assertInvalidToken(server.anonymous().get("/whoami"));
  }

  @Test
  void whoami_wrongSchemeOrNoToken_401() {
    String token = alice.token("GET", "/whoami");
    for (String authorization : List.of("Basic YWxpY2U6c2VjcmV0", "Token " + token, token, "JWT", "Bearer",
        "JWT ", "JWT " + token + " " + token)) {
      assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, authorization));
    }
    // the DPoP scheme is for access tokens (issue 14): refused by type, and the answer names every scheme /whoami takes
    Response dpop = alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "DPoP " + token);
    assertThat(dpop.status()).isEqualTo(401);
    assertThat(dpop.json()).isEqualTo(ApiClient.tree("{\"error\":\"invalid_token\"}"));
    assertThat(dpop.headers("WWW-Authenticate")).hasSize(3).first().isEqualTo(HttpAssertions.INVALID_TOKEN_CHALLENGE);
  }

  @Test
  void whoami_replayedToken_401() {
    for (ApiClient client : List.of(alice, alice.standard(server.issuer()))) {
      String token = client.token("GET", "/whoami");

      assertThat(client.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token).status()).isEqualTo(200);
      assertInvalidToken(client.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token));
      assertInvalidToken(client.sendWithAuthorization("GET", "/whoami", NO_BODY, "Bearer " + token));
    }
  }

  @Test
  void whoami_badTokens_all401WithTheSameBody() {
    Instant now = Instant.now();
    String audience = server.issuer();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("expired", TestTokens.signedBy(ALICE).compatible("alice").issuedAt(now.minusSeconds(60)).sign());
    tokens.put("from the future", TestTokens.signedBy(ALICE).compatible("alice").issuedAt(now.plusSeconds(60)).sign());
    tokens.put("standard, expired", TestTokens.signedBy(ALICE).standard("alice", audience).issuedAt(now.minusSeconds(90)).sign());
    tokens.put("standard, other audience", TestTokens.signedBy(ALICE).standard("alice", "http://elsewhere.example").sign());
    tokens.put("standard, too long-lived", TestTokens.signedBy(ALICE).standard("alice", audience).expiringIn(Duration.ofMinutes(10)).sign());
    tokens.put("standard, iss is not sub", TestTokens.signedBy(ALICE).standard("alice", audience).claim("iss", "bob").sign());
    tokens.put("no nonce", TestTokens.signedBy(ALICE).compatible("alice").without("nonce").sign());
    tokens.put("unknown principal", TestTokens.signedBy(ALICE).compatible("mallory").sign());
    tokens.put("another principal's key", TestTokens.signedBy(BOB).compatible("alice").sign());
    tokens.put("forged under alice's kid", TestTokens.signedBy(TestKeys.of(Algorithm.ES256, "mallory"))
        .header("kid", ALICE.kid()).compatible("alice").sign());
    tokens.put("alg none", TestTokens.signedBy(ALICE).compatible("alice").header("alg", "none").unsigned());
    tokens.put("HMAC keyed with the public key", TestTokens.signedBy(ALICE).compatible("alice")
        .hmacSignedWith(ALICE.publicKey().toPem().getBytes(StandardCharsets.US_ASCII)));
    tokens.put("zero signature", TestTokens.signedBy(ALICE).compatible("alice").zeroSignature(64));
    tokens.put("access token", TestTokens.signedBy(ALICE).accessToken(audience, "alice", audience, "read").sign());
    tokens.put("embedded jwk", TestTokens.signedBy(TestKeys.of(Algorithm.ES256, "mallory"))
        .header("jwk", ApiClient.tree(TestKeys.of(Algorithm.ES256, "mallory").publicKey().toJwk())).compatible("alice").sign());
    tokens.put("not a JWS", "not.a.token");
    tokens.put("large garbage", "eyJ" + "A".repeat(6000));

    tokens.forEach((why, token) ->
        assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token)));
  }

  @Test
  void whoami_boundTokens_acceptedForTheRequestTheyDescribe() {
    ApiClient bound = alice.bound();

    assertThat(bound.get("/whoami?b=2&a=1&a=0").status()).isEqualTo(200);
    assertThat(bound.standard(server.issuer()).get("/whoami?q=%20x").status()).isEqualTo(200);
    Response post = bound.post("/whoami", "{\"order\":42}");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.json().path("payload").path("order").asInt()).isEqualTo(42);
  }

  @Test
  void whoami_tokenBoundToAnotherRequest_401() {
    ApiClient bound = alice.bound();
    byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
    byte[] otherBody = "{\"order\":43}".getBytes(StandardCharsets.UTF_8);

    // htm: POST token on a GET
    assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + bound.token("POST", "/whoami")));
    // htu: another path
    assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + bound.token("GET", "/me/keys")));
    // qsh: another query
    assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami?a=2", NO_BODY, "JWT " + bound.token("GET", "/whoami?a=1")));
    // bsh: another body
    String forBody = bound.token("POST", "/whoami", body);
    assertInvalidToken(alice.send("POST", "/whoami", otherBody, Map.of("Authorization", "JWT " + forBody, "Content-Type", "application/json")));
    // htu: another host
    String elsewhere = TokenSigner.of(ALICE).requestToken("alice")
        .bind(RequestContext.of("GET", URI.create("http://api.example/whoami"))).sign();
    assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + elsewhere));
  }

  @Test
  void whoami_clientAddressesServerByANameThatIsNoPublicUrl_boundTokens401() {
    URI localhost = URI.create("http://localhost:" + server.port());
    ApiClient viaLocalhost = alice.withBase(localhost).bound();

    // the issuer is http://127.0.0.1:port; localhost is no --public-url, whatever Host the request sends
    assertInvalidToken(viaLocalhost.get("/whoami?x=1"));
    assertThat(viaLocalhost.bindingTo(URI.create(server.issuer())).get("/whoami?x=1").status()).isEqualTo(200);
  }

  @Test
  void whoami_serverWithAPublicUrl_tokensBoundToItOrTheIssuerAccepted() {
    int port = dev.signet.server.testing.FreePort.pick();
    try (TestServer named = TestServer.builder().backend(backend).setting("port", Integer.toString(port))
        .setting("public-url", "http://localhost:" + port).start()) {
      ApiClient dave = named.createPrincipal("dave", TestKeys.of(Algorithm.ES256, "dave"));
      ApiClient viaLocalhost = dave.withBase(URI.create("http://localhost:" + port)).bound();

      assertThat(viaLocalhost.get("/whoami?x=1").status()).isEqualTo(200);
      assertThat(viaLocalhost.standard(named.issuer()).post("/whoami", "{}").status()).isEqualTo(200);
      assertThat(dave.bound().get("/whoami").status()).isEqualTo(200);
      String elsewhere = dave.withBase(URI.create("http://127.0.0.2:" + port)).bound().token("GET", "/whoami");
      assertInvalidToken(dave.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + elsewhere));
    }
  }

  @Test
  void whoami_targetCharactersJavaNetUriRefuses_200Not500() {
    int port = server.port();
    String host = "127.0.0.1:" + port;
    for (String target : List.of("/whoami?q=a|b", "/whoami?q={x}", "/whoami?q=\"x\"", "/whoami?q=a^b", "/whoami?q=<x>",
        "/whoami?q=a`b", "/whoami?%zz", "/whoami?q=100%")) {
      assertThat(RawHttp.get(port, target, host, alice.token("GET", "/whoami"))).as(target).startsWith("HTTP/1.1 200 ");
    }
    // bound: the client signed the percent-encoded form of what it then sent raw
    String bound = alice.bound().token("GET", "/whoami?q=a%7Cb&r=%7Bx%7D");
    assertThat(RawHttp.get(port, "/whoami?q=a|b&r={x}", host, bound)).startsWith("HTTP/1.1 200 ");
    String otherQuery = alice.bound().token("GET", "/whoami?q=a%7Cc");
    assertThat(RawHttp.get(port, "/whoami?q=a|b", host, otherQuery)).startsWith("HTTP/1.1 401 ");
    // a Host header that is no host name: the binding is checked against the server's own URL only
    assertThat(RawHttp.get(port, "/whoami?q=a|b", "my_host:" + port, alice.bound().token("GET", "/whoami?q=a%7Cb")))
        .startsWith("HTTP/1.1 200 ");
    assertThat(RawHttp.get(port, "/whoami", "my_host:" + port, alice.bound().token("GET", "/me/keys")))
        .startsWith("HTTP/1.1 401 ");
    assertThat(RawHttp.exchange(port, "DELETE /me/keys/a|b HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: JWT "
        + alice.token("DELETE", "/me/keys/x") + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ")
        .endsWith("{\"error\":\"invalid_request\"}"); // Jetty refuses '|' in a path itself
  }

  @Test
  void whoami_serverRequiresBinding_unboundOrPartlyBoundTokens401() {
    try (TestServer strict = TestServer.builder().backend(backend).setting("require-binding", "htm,htu").start()) {
      ApiClient dave = strict.createPrincipal("dave", TestKeys.of(Algorithm.ES256, "dave"));
      String onlyHtm = TokenSigner.of(TestKeys.of(Algorithm.ES256, "dave")).requestToken("dave")
          .bind(RequestContext.of("GET", dave.uri("/whoami")), EnumSet.of(Binding.HTM)).sign();

      assertInvalidToken(dave.get("/whoami"));
      assertInvalidToken(dave.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + onlyHtm));
      assertThat(dave.bound().get("/whoami").status()).isEqualTo(200);
    }
  }

  @Test
  void adminRoutes_principalWithoutAdminRole_403InsufficientScope() {
    for (String[] route : ADMIN_ROUTES) {
      Response response = alice.bound().send(route[0], route[1], route[2].getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json"));

      assertInsufficientScope(response);
    }
    assertThat(server.admin().get("/admin/principals/alice").json().path("roles").size()).isZero();
  }

  @Test
  void adminRoutes_noToken_401() {
    for (String[] route : ADMIN_ROUTES) {
      assertInvalidToken(server.anonymous().send(route[0], route[1], route[2].getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json")));
    }
  }

  @Test
  void meKeys_noToken_401() {
    assertInvalidToken(server.anonymous().get("/me/keys"));
    assertInvalidToken(server.anonymous().post("/me/keys", ApiClient.json("public_key", ALICE.publicKey().toPem())));
    assertInvalidToken(server.anonymous().delete("/me/keys/" + ALICE.kid()));
  }

  /** Every admin route: method, path, body. */
  static final List<String[]> ADMIN_ROUTES = List.of(
      new String[] {"GET", "/admin/principals", ""},
      new String[] {"POST", "/admin/principals", "{\"name\":\"eve\",\"roles\":[\"admin\"]}"},
      new String[] {"GET", "/admin/principals/alice", ""},
      new String[] {"PATCH", "/admin/principals/alice", "{\"roles\":[\"admin\"]}"},
      new String[] {"DELETE", "/admin/principals/bob", ""},
      new String[] {"GET", "/admin/principals/alice/keys", ""},
      new String[] {"POST", "/admin/principals/alice/keys", "{\"public_key\":\"-----BEGIN PUBLIC KEY-----\"}"},
      new String[] {"PATCH", "/admin/principals/bob/keys/" + BOB.kid(), "{\"disabled\":true}"},
      new String[] {"DELETE", "/admin/principals/bob/keys/" + BOB.kid(), ""},
      new String[] {"POST", "/admin/principals/alice/enrollments", ""},
      new String[] {"GET", "/admin/principals/alice/enrollments", ""},
      new String[] {"DELETE", "/admin/principals/alice/enrollments/1", ""},
      new String[] {"GET", "/admin/audit?principal=alice", ""},
      new String[] {"GET", "/admin/nothing-here", ""});
}
