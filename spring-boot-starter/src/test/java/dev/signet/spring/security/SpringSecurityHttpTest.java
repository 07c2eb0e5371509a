package dev.signet.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.examples.testing.Http;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SecuredApp} on a real port, with tokens of two test issuers: the engine's answers and
 * Spring Security's own rules ({@code authorizeHttpRequests}, {@code @PreAuthorize}) side by
 * side, each refusal in the engine's RFC 6750 form.
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringSecurityHttpTest {
  static final String AUDIENCE = "orders-api";
  static final List<String> CHALLENGES = List.of("Bearer error=\"invalid_token\"",
      "DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\"");
  static final TestIssuer issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "spring-issuer"));
  static final TestIssuer second = TestIssuer.start(TestKeys.of(Algorithm.RS256, "spring-second"));

  @LocalServerPort int port;
  private Http http;

  @DynamicPropertySource
  static void signet(DynamicPropertyRegistry properties) {
    properties.add("signet.issuer", issuer::issuer);
    properties.add("signet.audience", () -> AUDIENCE);
    properties.add("signet.issuers[0].issuer", second::issuer);
    properties.add("signet.issuers[0].audience", () -> AUDIENCE);
    properties.add("signet.issuers[0].jwks-uri", () -> second.uri("/jwks.json"));
    properties.add("signet.public-paths", () -> "/health,/docs");
    properties.add("signet.routes[0].path", () -> "/orders");
    properties.add("signet.routes[0].scopes", () -> "orders:read");
    properties.add("signet.trusted-proxies", () -> "127.0.0.1"); // the test's Host header names the URL DPoP proofs are for
  }

  @BeforeEach
  void client() {
    http = Http.at(port);
  }

  private static String bearer(String scope) {
    return "Bearer " + issuer.accessToken("orders-svc", AUDIENCE, scope);
  }

  private static void assertRefused(HttpResponse<String> response, int status, List<String> challenges, String error) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().allValues("WWW-Authenticate")).isEqualTo(challenges);
    assertThat(response.body()).isEqualTo("{\"error\":\"" + error + "\"}");
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void get_validToken_servedAsTheIdentityWithScopeAuthorities() {
    HttpResponse<String> response = http.get("/me", "Authorization", bearer("orders:read reports:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("orders-svc BEARER [SCOPE_orders:read, SCOPE_reports:read] name=orders-svc user=orders-svc");
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void get_tokenOfTheSecondIssuer_served() {
    HttpResponse<String> response = http.get("/orders", "Authorization", "Bearer " + second.accessToken("shop-svc", AUDIENCE, "orders:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("orders of shop-svc");
  }

  @Test
  void get_noToken_401WithEveryChallenge() {
    assertRefused(http.get("/me"), 401, CHALLENGES, "invalid_token");
  }

  @Test
  void get_pathSpringPermitsButSignetDoesNot_401() {
    assertRefused(http.get("/open"), 401, CHALLENGES, "invalid_token");
  }

  @Test
  void get_pathSignetPermitsButSpringDoesNot_theSame401FromSpringsEntryPoint() {
    assertRefused(http.get("/docs"), 401, CHALLENGES, "invalid_token");
  }

  @Test
  void get_publicPathWithAnUnverifiableToken_servedWithoutLookingAtIt() {
    HttpResponse<String> response = http.get("/health", "Authorization", "Bearer not.a.token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void get_tokenWithoutTheScopeOfASignetRoute_403FromTheEngine() {
    assertRefused(http.get("/orders", "Authorization", bearer("reports:read")), 403,
        List.of("Bearer error=\"insufficient_scope\", scope=\"orders:read\""), "insufficient_scope");
  }

  @Test
  void get_tokenWithoutTheAuthorityAuthorizeHttpRequestsAsks_403NamingTheScope() {
    assertRefused(http.get("/reports", "Authorization", bearer("orders:read")), 403,
        List.of("Bearer error=\"insufficient_scope\", scope=\"reports:read\""), "insufficient_scope");
  }

  @Test
  void get_tokenWithoutTheAuthoritiesPreAuthorizeAsks_403NamingTheScopes() {
    assertRefused(http.get("/method", "Authorization", bearer("method:read")), 403,
        List.of("Bearer error=\"insufficient_scope\", scope=\"method:read method:write\""), "insufficient_scope");
  }

  @Test
  void get_preAuthorizeAskingARole_403WithoutAScope() {
    assertRefused(http.get("/role", "Authorization", bearer("orders:read")), 403, List.of("Bearer error=\"insufficient_scope\""), "insufficient_scope");
  }

  @Test
  void get_tokenWithTheScopesEachRuleAsks_served() {
    assertThat(http.get("/reports", "Authorization", bearer("reports:read")).body()).isEqualTo("reports of orders-svc");
    assertThat(http.get("/method", "Authorization", bearer("method:read method:write")).body()).isEqualTo("method of orders-svc");
  }

  @Test
  void post_bearerTokenWithoutACsrfToken_served() {
    HttpResponse<String> response = http.send("POST", "/echo", "{\"n\":1}", "Authorization", bearer(""), "Content-Type", "text/plain");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("orders-svc: {\"n\":1}");
  }

  private static final SigningKey DPOP_CLIENT = TestKeys.of(Algorithm.ES256, "spring-dpop-client");

  private static String boundToken() {
    return issuer.token("dpop-svc", AUDIENCE, "orders:read").claim("cnf", Map.of("jkt", TestDpop.thumbprint(DPOP_CLIENT))).sign();
  }

  @Test
  void get_dpopBoundTokenWithItsProof_servedAsDpop() {
    String token = boundToken();
    String proof = TestDpop.proof(DPOP_CLIENT).method("GET").url(http.base() + "/me").accessToken(token).sign();

    HttpResponse<String> response = http.get("/me", "Authorization", "DPoP " + token, "DPoP", proof);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("dpop-svc DPOP [SCOPE_orders:read]");
  }

  @Test
  void get_dpopBoundTokenWithoutItsProof_401() {
    String token = boundToken();

    assertRefused(http.get("/me", "Authorization", "Bearer " + token), 401, CHALLENGES, "invalid_token");
    assertRefused(http.get("/me", "Authorization", "DPoP " + token), 401, CHALLENGES, "invalid_token");
  }

  @Test
  void get_unknownPathWithAValidToken_404() {
    assertThat(http.get("/nowhere", "Authorization", bearer("")).statusCode()).isEqualTo(404);
  }
}
