package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each integration as an attacker meets it, over real HTTP: forged, confused, expired, replayed,
 * misdirected and malformed credentials all get the same 401, and none gets further than the
 * core verifier would let it (RFC 8725 as the checklist).
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"servlet", "javalin"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackTest {
  @Parameter String integration;
  private final SigningKey attacker = TestKeys.of(Algorithm.RS256, "attacker");
  private final SigningKey client = TestKeys.of(Algorithm.ES256, "attack-dpop-client");
  private final HttpClient http = HttpClient.newHttpClient();
  private Fixture fixture;
  private TestIssuer attackerServer;
  private ResourceServer resourceServer;
  private Surface surface;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    fixture = Fixture.start();
    attackerServer = TestIssuer.start("", TestIssuer.Metadata.OAUTH, attacker);
    resourceServer = fixture.resourceServer(WebMetrics.NONE).build();
    surface = integration.equals("servlet") ? Surface.servlet(resourceServer) : Surface.javalin(resourceServer);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    surface.close();
    resourceServer.close();
    attackerServer.close();
    fixture.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(surface.base().resolve(path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, "", headers);
  }

  private String token() {
    return fixture.signet.accessToken("orders-svc", Fixture.AUDIENCE, "orders:read");
  }

  @Test
  void get_publicPathWithoutToken_served() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void get_validBearerToken_servedWithTheIdentity() throws Exception {
    HttpResponse<String> response = get("/me", "Authorization", "Bearer " + token());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("orders-svc BEARER orders:read user=orders-svc auth=Bearer");
  }

  @Test
  void get_tokenFromTheForeignIssuer_served() throws Exception {
    String foreign = fixture.foreign.token("shop-svc", Fixture.AUDIENCE, "orders:read").header("typ", "JWT").sign();

    HttpResponse<String> response = get("/orders", "Authorization", "Bearer " + foreign);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("shop-svc BEARER orders:read");
  }

  @Test
  void get_tokenWithoutTheRoutesScope_403NamingIt() throws Exception {
    HttpResponse<String> response = get("/orders", "Authorization", "Bearer " + fixture.signet.accessToken("svc", Fixture.AUDIENCE, "other"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"insufficient_scope\", scope=\"orders:read\"");
    assertThat(response.body()).isEqualTo("{\"error\":\"insufficient_scope\"}");
  }

  @Test
  void get_everyForgedOrMisusedCredential_401ExactlyAsWithNone() throws Exception {
    HttpResponse<String> none = get("/me");
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (String authorization : attacks()) {
      responses.add(get("/me", "Authorization", authorization));
    }

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"",
        "DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\"", "JWT error=\"invalid_token\"");
    assertThat(responses).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(none.body());
      assertThat(r.headers().allValues("WWW-Authenticate")).isEqualTo(none.headers().allValues("WWW-Authenticate"));
      assertThat(r.headers().firstValue("Content-Type")).isEqualTo(none.headers().firstValue("Content-Type"));
    });
    assertThat(attackerServer.totalRequests()).isZero();
  }

  private List<String> attacks() throws Exception {
    String iss = fixture.signet.issuer;
    Instant now = Instant.now();
    Map<String, Object> attackerJwk = JSONObjectUtils.parse(attacker.publicKey().toJwk());
    String bound = fixture.signet.token("svc", Fixture.AUDIENCE, "").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
    return List.of(
        "Bearer " + fixture.signet.token("svc", Fixture.AUDIENCE, "").header("alg", "none").unsigned(),
        "Bearer " + fixture.signet.token("svc", Fixture.AUDIENCE, "").hmacSignedWith(fixture.signet.key.publicKey().toPem().getBytes(StandardCharsets.US_ASCII)),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", Fixture.AUDIENCE, "").header("jwk", attackerJwk).sign(),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", Fixture.AUDIENCE, "").header("jku", attackerServer.uri("/jwks.json").toString()).sign(),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", Fixture.AUDIENCE, "").header("x5u", attackerServer.uri("/cert.pem").toString()).sign(),
        "Bearer " + fixture.signet.token("svc", Fixture.AUDIENCE, "").header("crit", List.of("exp")).header("exp", 1).sign(),
        "Bearer " + fixture.signet.token("svc", Fixture.AUDIENCE, "").issuedAt(now.minusSeconds(3600)).sign(),
        "Bearer " + fixture.signet.token("svc", Fixture.AUDIENCE, "").issuedAt(now.plusSeconds(600)).sign(),
        "Bearer " + fixture.signet.token("svc", Fixture.AUDIENCE, "").claim("nbf", now.plusSeconds(600).getEpochSecond()).sign(),
        "Bearer " + fixture.signet.accessToken("svc", "another-api", ""),
        "Bearer " + TestTokens.signedBy(fixture.signet.key).accessToken("https://unknown.example", "svc", Fixture.AUDIENCE, "").sign(),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", Fixture.AUDIENCE, "").header("kid", fixture.signet.key.kid()).sign(),
        "Bearer " + TestTokens.signedBy(fixture.foreign.key).accessToken(iss, "svc", Fixture.AUDIENCE, "").sign(),
        "Bearer " + bound,
        "DPoP " + bound,
        "Bearer " + "A".repeat(20_000),
        "Basic YWxpY2U6c2VjcmV0",
        "Bearer",
        "bearer x.y.z",
        "JWT " + TestTokens.signedBy(attacker).compatible("alice").sign());
  }

  @Test
  void get_twoAuthorizationHeaders_400() throws Exception {
    HttpResponse<String> response = get("/me", "Authorization", "Bearer " + token(), "Authorization", "Bearer " + token());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_request\"}");
  }

  @Test
  void post_requestTokenBindingTheBody_servedWithTheBodyStillReadable() throws Exception {
    String body = "{\"order\":42}";
    String bsh = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").claim("htm", "POST")
        .claim("htu", "https://api.example.test/signed").claim("bsh", bsh).sign();

    HttpResponse<String> response = send("POST", "/signed", body, "Authorization", "JWT " + token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("alice REQUEST_TOKEN  " + body);
  }

  @Test
  void post_replayedRequestToken_401() throws Exception {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").sign();
    assertThat(send("POST", "/signed", "", "Authorization", "JWT " + token).statusCode()).isEqualTo(200);

    assertThat(send("POST", "/signed", "", "Authorization", "JWT " + token).statusCode()).isEqualTo(401);
  }

  @Test
  void get_accessTokenOnARequestTokenRoute_401() throws Exception {
    HttpResponse<String> response = send("POST", "/signed", "", "Authorization", "Bearer " + token());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("JWT error=\"invalid_token\"");
  }

  @Test
  void get_dpopTokenWithAFreshProof_servedAndTheProofNotTwice() throws Exception {
    String token = fixture.signet.token("svc", Fixture.AUDIENCE, "").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
    String proof = TestDpop.proof(client).method("GET").url("https://api.example.test/dpop").accessToken(token).sign();

    HttpResponse<String> first = get("/dpop", "Authorization", "DPoP " + token, "DPoP", proof);
    HttpResponse<String> replay = get("/dpop", "Authorization", "DPoP " + token, "DPoP", proof);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).startsWith("svc DPOP");
    assertThat(replay.statusCode()).isEqualTo(401);
  }

  @Test
  void get_dotSegmentsFromAPublicPath_neverServedAsPublic() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(surface.base() + "/health/%2E%2E/me")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isIn(400, 401, 404);
  }
}
