package dev.signet.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.examples.testing.Http;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The RFC 8725 checklist against the starter's surface, as web's AttackTest runs it against the
 * servlet filter and the Javalin plugin: forged, confused, expired, replayed, misdirected and
 * malformed credentials all get the 401 of no credential at all, through Spring Security's chain.
 */
@SpringBootTest(classes = DefaultChainApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterAttackTest {
  static final String AUDIENCE = "orders-api";
  static final TestIssuer issuer = TestIssuer.start(TestKeys.of(Algorithm.RS256, "starter-attack-issuer"));
  static final TestIssuer attackerServer = TestIssuer.start(TestKeys.of(Algorithm.RS256, "starter-attacker"));
  static final SigningKey client = TestKeys.of(Algorithm.ES256, "starter-attack-dpop-client");

  @LocalServerPort int port;
  private Http http;

  @DynamicPropertySource
  static void signet(DynamicPropertyRegistry properties) {
    properties.add("signet.issuer", issuer::issuer);
    properties.add("signet.audience", () -> AUDIENCE);
    properties.add("signet.public-urls", () -> DefaultChainApp.PUBLIC_URL);
    properties.add("signet.public-paths", () -> "/health");
  }

  @BeforeEach
  void client() {
    http = Http.at(port);
  }

  @Test
  void get_everyForgedOrMisusedCredential_401ExactlyAsWithNone() throws Exception {
    HttpResponse<String> none = http.get("/me");
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (String authorization : attacks()) {
      responses.add(http.get("/me", "Authorization", authorization));
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
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    });
    assertThat(attackerServer.requests("/jwks.json") + attackerServer.requests("/cert.pem")).isZero();
  }

  private List<String> attacks() throws Exception {
    String iss = issuer.issuer();
    Instant now = Instant.now();
    SigningKey attacker = attackerServer.key();
    Map<String, Object> attackerJwk = JSONObjectUtils.parse(attacker.publicKey().toJwk());
    String bound = issuer.token("svc", AUDIENCE, "").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
    return List.of(
        "Bearer " + issuer.token("svc", AUDIENCE, "").header("alg", "none").unsigned(),
        "Bearer " + issuer.token("svc", AUDIENCE, "").hmacSignedWith(issuer.key().publicKey().toPem().getBytes(StandardCharsets.US_ASCII)),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", AUDIENCE, "").header("jwk", attackerJwk).sign(),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", AUDIENCE, "").header("jku", attackerServer.uri("/jwks.json").toString()).sign(),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", AUDIENCE, "").header("x5u", attackerServer.uri("/cert.pem").toString()).sign(),
        "Bearer " + issuer.token("svc", AUDIENCE, "").header("crit", List.of("exp")).header("exp", 1).sign(),
        "Bearer " + issuer.token("svc", AUDIENCE, "").issuedAt(now.minusSeconds(3600)).sign(),
        "Bearer " + issuer.token("svc", AUDIENCE, "").issuedAt(now.plusSeconds(600)).sign(),
        "Bearer " + issuer.token("svc", AUDIENCE, "").claim("nbf", now.plusSeconds(600).getEpochSecond()).sign(),
        "Bearer " + issuer.accessToken("svc", "another-api", ""),
        "Bearer " + TestTokens.signedBy(issuer.key()).accessToken("https://unknown.example", "svc", AUDIENCE, "").sign(),
        "Bearer " + TestTokens.signedBy(attacker).accessToken(iss, "svc", AUDIENCE, "").header("kid", issuer.key().kid()).sign(),
        "Bearer " + attackerServer.accessToken("svc", AUDIENCE, ""),
        "Bearer " + bound,
        "DPoP " + bound,
        "Bearer " + "A".repeat(6_000),
        "Basic YWxpY2U6c2VjcmV0",
        "Bearer",
        "bearer x.y.z",
        "JWT " + TestTokens.signedBy(attacker).compatible("alice").sign());
  }

  @Test
  void get_validTokenAndRequestToken_served() {
    assertThat(http.get("/me", "Authorization", "Bearer " + issuer.accessToken("svc", AUDIENCE, "a b")).body()).isEqualTo("svc BEARER a,b");
    String requestToken = TestTokens.signedBy(DefaultChainApp.ALICE).compatible("alice").sign();
    assertThat(http.send("POST", "/signed", "hello", "Authorization", "JWT " + requestToken, "Content-Type", "text/plain").body())
        .isEqualTo("alice REQUEST_TOKEN hello");
  }

  @Test
  void post_replayedRequestToken_401() {
    String token = TestTokens.signedBy(DefaultChainApp.ALICE).compatible("alice").sign();
    assertThat(http.send("POST", "/signed", "", "Authorization", "JWT " + token).statusCode()).isEqualTo(200);

    assertThat(http.send("POST", "/signed", "", "Authorization", "JWT " + token).statusCode()).isEqualTo(401);
  }

  @Test
  void get_dpopProofUsedTwice_secondRefused() {
    String token = issuer.token("svc", AUDIENCE, "").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
    String proof = TestDpop.proof(client).method("GET").url(DefaultChainApp.PUBLIC_URL + "/me").accessToken(token).sign();

    HttpResponse<String> first = http.get("/me", "Authorization", "DPoP " + token, "DPoP", proof);
    HttpResponse<String> replay = http.get("/me", "Authorization", "DPoP " + token, "DPoP", proof);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("svc DPOP ");
    assertThat(replay.statusCode()).isEqualTo(401);
  }

  @Test
  void get_twoAuthorizationHeaders_400() {
    String token = "Bearer " + issuer.accessToken("svc", AUDIENCE, "");

    HttpResponse<String> response = http.get("/me", "Authorization", token, "Authorization", token);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_request\"}");
  }

  @Test
  void get_dotSegmentsFromAPublicPath_neverServedAsPublic() {
    HttpResponse<String> response = http.get("/health/%2E%2E/me");

    assertThat(response.statusCode()).isIn(400, 401, 404);
    assertThat(response.body()).doesNotContain("svc").doesNotContain("Exception");
  }

  @Test
  void get_defaultChain_publicPathServedAndNoSessionEver() {
    HttpResponse<String> health = http.get("/health");
    HttpResponse<String> refused = http.get("/me");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok");
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
  }
}
