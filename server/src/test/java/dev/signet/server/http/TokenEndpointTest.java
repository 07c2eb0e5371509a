package dev.signet.server.http;

import static dev.signet.server.http.OAuthRequests.form;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.Backend;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /oauth/token} (SPEC §4, issue 14): the client-credentials grant by {@code
 * private_key_jwt} and by request token, RFC 9068 tokens, scopes, audiences, and RFC 6749 §5.2
 * errors; access tokens on {@code /whoami}, and never as request tokens.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndpointTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.RS256, "bob");
  static final SigningKey CAROL = TestKeys.of(Algorithm.EdDSA, "carol");

  @Parameter Backend backend;
  TestServer server;
  OAuthRequests oauth;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    server.createPrincipal("alice", ALICE);
    server.createPrincipal("bob", BOB);
    server.createPrincipal("carol", CAROL);
    ApiClient admin = server.admin();
    assertThat(admin.patch("/admin/principals/alice", json("scopes", List.of("orders:read", "orders:write"))).status()).isEqualTo(200);
    oauth = new OAuthRequests(server);
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void token_privateKeyJwt_issuesRfc9068Token() {
    Response response = oauth.token("alice", ALICE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = response.json();
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.path("expires_in").asLong()).isEqualTo(300);
    assertThat(body.path("scope").asText()).isEqualTo("orders:read orders:write");
    String token = body.path("access_token").asText();
    JsonNode header = OAuthRequests.header(token);
    assertThat(header.path("typ").asText()).isEqualTo("at+jwt");
    assertThat(header.path("kid").asText()).isEqualTo(server.signingKeys().current().kid());
    JsonNode claims = OAuthRequests.payload(token);
    assertThat(claims.path("iss").asText()).isEqualTo(server.issuer());
    assertThat(claims.path("sub").asText()).isEqualTo("alice");
    assertThat(claims.path("client_id").asText()).isEqualTo("alice");
    assertThat(claims.path("aud").asText()).isEqualTo(server.issuer());
    assertThat(claims.path("scope").asText()).isEqualTo("orders:read orders:write");
    assertThat(claims.path("jti").asText()).isNotEmpty();
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    assertThat(claims.has("cnf")).isFalse();
  }

  @Test
  void token_assertionForTheIssuer_accepted() {
    Response response = oauth.post("/oauth/token", form(oauth.assertion("bob", BOB, server.issuer())), Map.of());

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void token_ed25519Assertion_accepted() {
    assertThat(oauth.token("carol", CAROL).status()).isEqualTo(200);
  }

  @Test
  void token_requestTokenForThisServer_issuesToken() {
    String requestToken = server.as("bob", BOB).standard(server.issuer()).token("POST", "/oauth/token");
    Response response = oauth.post("/oauth/token", Map.of("grant_type", "client_credentials"),
        Map.of("Authorization", "JWT " + requestToken));

    assertThat(response.status()).isEqualTo(200);
    assertThat(OAuthRequests.payload(response.json().path("access_token").asText()).path("sub").asText()).isEqualTo("bob");
  }

  @Test
  void token_scopeWithinThePrincipals_grantsExactlyIt() {
    Response response = oauth.token("alice", ALICE, "scope", "orders:read");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("scope").asText()).isEqualTo("orders:read");
    assertThat(OAuthRequests.payload(response.json().path("access_token").asText()).path("scope").asText()).isEqualTo("orders:read");
  }

  @Test
  void token_scopeBeyondThePrincipals_invalidScope() {
    Response response = oauth.token("alice", ALICE, "scope", "orders:read admin");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_scope");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void token_resourceAndAudience_setAud() {
    Response response = oauth.token("alice", ALICE, "resource", "https://orders.example/api", "audience", "billing");

    assertThat(response.status()).isEqualTo(200);
    JsonNode aud = OAuthRequests.payload(response.json().path("access_token").asText()).path("aud");
    assertThat(List.of(aud.get(0).asText(), aud.get(1).asText())).containsExactly("https://orders.example/api", "billing");
  }

  @Test
  void token_relativeResource_invalidTarget() {
    Response response = oauth.token("alice", ALICE, "resource", "orders");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_target");
  }

  @Test
  void token_assertionReplayed_invalidClient() {
    String assertion = oauth.assertion("alice", ALICE, oauth.tokenEndpoint());
    assertThat(oauth.post("/oauth/token", form(assertion), Map.of()).status()).isEqualTo(200);

    Response replayed = oauth.post("/oauth/token", form(assertion), Map.of());

    assertInvalidClient(replayed);
  }

  @Test
  void token_assertionJtiUsedByARequestToken_invalidClient() {
    String jti = "shared-" + System.nanoTime();
    String requestToken = TestTokens.signedBy(ALICE).standard("alice", server.issuer()).claim("jti", jti).sign();
    assertThat(oauth.whoami("JWT " + requestToken, Map.of()).status()).isEqualTo(200);

    assertInvalidClient(oauth.post("/oauth/token", form(oauth.assertion("alice", ALICE, oauth.tokenEndpoint(), jti)), Map.of()));
  }

  @Test
  void token_assertionForAnotherServer_invalidClient() {
    assertInvalidClient(oauth.post("/oauth/token", form(oauth.assertion("alice", ALICE, "https://other.example/oauth/token")), Map.of()));
  }

  @Test
  void token_assertionSignedByAnotherPrincipalsKey_invalidClient() {
    assertInvalidClient(oauth.post("/oauth/token", form(oauth.assertion("alice", BOB, oauth.tokenEndpoint())), Map.of()));
  }

  @Test
  void token_assertionAlgNone_invalidClient() {
    String unsigned = TestTokens.signedBy(ALICE).standard("alice", oauth.tokenEndpoint()).header("alg", "none").unsigned();

    assertInvalidClient(oauth.post("/oauth/token", form(unsigned), Map.of()));
  }

  @Test
  void token_assertionHs256WithThePublicKeyAsSecret_invalidClient() {
    String confused = TestTokens.signedBy(BOB).standard("bob", oauth.tokenEndpoint())
        .hmacSignedWith(BOB.publicKey().toPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    assertInvalidClient(oauth.post("/oauth/token", form(confused), Map.of()));
  }

  @Test
  void token_assertionWithEmbeddedJwkOrJku_invalidClient() {
    SigningKey attacker = TestKeys.fresh(Algorithm.ES256);

    Object attackerJwk = ApiClient.JSON.convertValue(ApiClient.tree(attacker.publicKey().toJwk()), Map.class);
    String embedded = TestTokens.signedBy(attacker).standard("alice", oauth.tokenEndpoint())
        .header("kid", ALICE.kid()).header("jwk", attackerJwk).sign();
    String jku = TestTokens.signedBy(attacker).standard("alice", oauth.tokenEndpoint())
        .header("kid", ALICE.kid()).header("jku", "https://attacker.example/jwks.json").sign();

    assertInvalidClient(oauth.post("/oauth/token", form(embedded), Map.of()));
    assertInvalidClient(oauth.post("/oauth/token", form(jku), Map.of()));
  }

  @Test
  void token_assertionOfUnknownPrincipal_invalidClient() {
    assertInvalidClient(oauth.token("mallory", TestKeys.fresh(Algorithm.ES256)));
  }

  @Test
  void token_noClientAuthentication_invalidClient() {
    assertInvalidClient(oauth.post("/oauth/token", Map.of("grant_type", "client_credentials", "client_id", "alice"), Map.of()));
  }

  @Test
  void token_otherGrantType_unsupportedGrantType() {
    Response response = oauth.token("alice", ALICE, "grant_type", "password");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void token_noGrantType_invalidRequest() {
    Map<String, String> f = new java.util.LinkedHashMap<>(form(oauth.assertion("alice", ALICE, oauth.tokenEndpoint())));
    f.remove("grant_type");

    Response response = oauth.post("/oauth/token", f, Map.of());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void whoami_bearerAccessToken_answersAccessTokenAndGrantedScope() {
    String token = oauth.accessToken("alice", ALICE, "scope", "orders:read");

    Response response = oauth.whoami("Bearer " + token, Map.of());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("principal").asText()).isEqualTo("alice");
    assertThat(response.json().path("method").asText()).isEqualTo("access-token");
    assertThat(response.json().path("scope").asText()).isEqualTo("orders:read");
    assertThat(response.json().path("kid").asText()).isEqualTo(server.signingKeys().current().kid());
  }

  @Test
  void whoami_postWithAccessToken_echoesThePayload() {
    String token = oauth.accessToken("alice", ALICE);

    Response response = server.anonymous().send("POST", "/whoami", "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("payload").path("a").asInt()).isEqualTo(1);
  }

  @Test
  void whoami_accessTokenForAnotherAudience_refused() {
    String token = oauth.accessToken("alice", ALICE, "audience", "billing");

    Response response = oauth.whoami("Bearer " + token, Map.of());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers("WWW-Authenticate")).anyMatch(h -> h.startsWith("Bearer "));
  }

  @Test
  void whoami_accessTokenAsRequestToken_refusedByType() {
    String token = oauth.accessToken("alice", ALICE);

    HttpAssertions.assertInvalidToken(oauth.whoami("JWT " + token, Map.of()));
  }

  @Test
  void whoami_requestTokenAsDpopAccessToken_refusedByType() {
    String requestToken = server.as("alice", ALICE).standard(server.issuer()).token("GET", "/whoami");

    Response response = oauth.whoami("DPoP " + requestToken, Map.of());

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void whoami_foreignAccessToken_refused() {
    SigningKey foreign = TestKeys.fresh(Algorithm.ES256);
    Instant now = Instant.now();
    String token = TokenSigner.of(foreign).sign(TokenClaims.builder().issuer(server.issuer()).subject("alice").audience(server.issuer())
        .issuedAt(now).expiresAt(now.plusSeconds(60)).id("x").claim("scope", "orders:read").build(), "at+jwt");

    assertThat(oauth.whoami("Bearer " + token, Map.of()).status()).isEqualTo(401);
  }

  static void assertInvalidClient(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(401);
    assertThat(response.json()).isEqualTo(ApiClient.tree("{\"error\":\"invalid_client\"}"));
    assertThat(response.header("WWW-Authenticate")).isEqualTo("JWT realm=\"signet\", error=\"invalid_client\"");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  static Set<String> set(String... values) {
    return Set.of(values);
  }
}
