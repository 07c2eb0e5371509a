package dev.signet.server.http;

import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.audit.Actor;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.Backend;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import java.time.Duration;
import java.time.Instant;
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
 * {@code POST /oauth/introspect} (RFC 7662) and {@code POST /oauth/revoke} (RFC 7009): active only
 * for an unexpired, unrevoked token issued here under a published key, exactly {@code {"active":
 * false}} otherwise; revocation by the token's client or an admin, seen by {@code /whoami}. The
 * server runs on a mutable clock, moved forward only by the tests that need it (each on its own
 * tokens), so it is never moved back.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.RS256, "bob");
  static final String INACTIVE = "{\"active\":false}";

  @Parameter Backend backend;
  TestServer server;
  MutableClock clock;
  OAuthRequests oauth;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    clock = MutableClock.now();
    server = TestServer.builder().backend(on).clock(clock).start();
    server.createPrincipal("alice", ALICE);
    server.createPrincipal("bob", BOB);
    assertThat(server.admin().patch("/admin/principals/alice", json("scopes", List.of("orders:read"))).status()).isEqualTo(200);
    oauth = new OAuthRequests(server, clock);
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Response call(String path, String principal, SigningKey key, String token) {
    String aud = server.issuer() + path;
    return oauth.post(path, Map.of("client_assertion_type", OAuthRequests.JWT_BEARER, "client_assertion",
        oauth.assertion(principal, key, aud), "token", token), Map.of());
  }

  private Response introspect(String token) {
    return call("/oauth/introspect", "bob", BOB, token);
  }

  @Test
  void introspect_issuedToken_activeWithItsClaims() {
    String token = oauth.accessToken("alice", ALICE);

    Response response = introspect(token);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = response.json();
    JsonNode claims = OAuthRequests.payload(token);
    assertThat(body.path("active").asBoolean()).isTrue();
    assertThat(body.path("sub").asText()).isEqualTo("alice");
    assertThat(body.path("client_id").asText()).isEqualTo("alice");
    assertThat(body.path("scope").asText()).isEqualTo("orders:read");
    assertThat(body.path("iss").asText()).isEqualTo(server.issuer());
    assertThat(body.path("jti").asText()).isEqualTo(claims.path("jti").asText());
    assertThat(body.path("exp").asLong()).isEqualTo(claims.path("exp").asLong());
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.has("cnf")).isFalse();
  }

  @Test
  void introspect_dpopBoundToken_hasCnf() {
    SigningKey proofKey = TestKeys.of(Algorithm.ES256, "introspect-dpop");
    String proof = TestDpop.proof(proofKey).clock(clock).method("POST").url(oauth.tokenEndpoint()).sign();
    Response issued = oauth.post("/oauth/token", OAuthRequests.form(oauth.assertion("alice", ALICE, oauth.tokenEndpoint())),
        Map.of("DPoP", proof));
    assertThat(issued.status()).as(issued.toString()).isEqualTo(200);

    JsonNode body = introspect(issued.json().path("access_token").asText()).json();

    assertThat(body.path("active").asBoolean()).isTrue();
    assertThat(body.path("token_type").asText()).isEqualTo("DPoP");
    assertThat(body.path("cnf").path("jkt").asText()).isEqualTo(TestDpop.thumbprint(proofKey));
  }

  @Test
  void introspect_foreignToken_inactive() {
    Instant now = clock.instant();
    String foreign = TokenSigner.of(TestKeys.fresh(Algorithm.ES256), clock, null).sign(TokenClaims.builder().issuer(server.issuer())
        .subject("alice").audience(server.issuer()).issuedAt(now).expiresAt(now.plusSeconds(60)).id("f1").build(), "at+jwt");

    assertThat(introspect(foreign).body()).isEqualTo(INACTIVE);
    assertThat(introspect("not a token").body()).isEqualTo(INACTIVE);
  }

  @Test
  void introspect_requestToken_inactive() {
    String requestToken = server.as("alice", ALICE).standard(server.issuer()).token("GET", "/whoami");

    assertThat(introspect(requestToken).body()).isEqualTo(INACTIVE);
  }

  @Test
  void introspect_withoutClientAuthentication_invalidClient() {
    String token = oauth.accessToken("alice", ALICE);

    TokenEndpointTest.assertInvalidClient(oauth.post("/oauth/introspect", Map.of("token", token), Map.of()));
  }

  @Test
  void revoke_ownToken_inactiveAndRefusedByWhoami() {
    String token = oauth.accessToken("alice", ALICE);
    assertThat(oauth.whoami("Bearer " + token, Map.of()).status()).isEqualTo(200);

    Response revoked = call("/oauth/revoke", "alice", ALICE, token);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(introspect(token).body()).isEqualTo(INACTIVE);
    assertThat(oauth.whoami("Bearer " + token, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void revoke_anotherClientsToken_unauthorizedClientAndStillActive() {
    String token = oauth.accessToken("alice", ALICE);

    Response response = call("/oauth/revoke", "bob", BOB, token);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("unauthorized_client");
    assertThat(introspect(token).json().path("active").asBoolean()).isTrue();
  }

  @Test
  void revoke_byAdmin_revokesAnyToken() {
    String token = oauth.accessToken("alice", ALICE);

    assertThat(call("/oauth/revoke", "admin", TestServer.ADMIN_KEY, token).status()).isEqualTo(200);

    assertThat(introspect(token).body()).isEqualTo(INACTIVE);
  }

  @Test
  void issueAndRevoke_auditedWithTheJti() {
    String token = oauth.accessToken("alice", ALICE);
    String jti = OAuthRequests.payload(token).path("jti").asText();
    assertThat(call("/oauth/revoke", "alice", ALICE, token).status()).isEqualTo(200);

    server.flushAudit();

    assertThat(server.admin().get("/admin/audit?action=token.issue&principal=alice").body()).contains("jti=" + jti);
    assertThat(server.admin().get("/admin/audit?action=token.revoke&principal=alice").body()).contains("jti=" + jti);
  }

  @Test
  void revoke_unknownToken_ok() {
    assertThat(call("/oauth/revoke", "alice", ALICE, "garbage").status()).isEqualTo(200);
  }

  @Test
  void introspect_expiredToken_inactive() {
    String token = oauth.accessToken("alice", ALICE);

    clock.advance(Duration.ofMinutes(6));

    assertThat(introspect(token).body()).isEqualTo(INACTIVE);
    assertThat(oauth.whoami("Bearer " + token, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void whoami_tokenOfARetiredKeyAfterItsGrace_refused() {
    SigningKey retired = server.signingKeys().current();
    server.signingKeys().retire(retired.kid(), false, Actor.server());
    assertThat(oauth.whoami("Bearer " + signedBy(retired), Map.of()).status()).as("within the grace").isEqualTo(200);

    clock.advance(Duration.ofMinutes(6)); // past access-token lifetime + skew + refresh

    String late = signedBy(retired);
    assertThat(oauth.whoami("Bearer " + late, Map.of()).status()).isEqualTo(401);
    assertThat(introspect(late).body()).isEqualTo(INACTIVE);
    assertThat(oauth.whoami("Bearer " + oauth.accessToken("alice", ALICE), Map.of()).status()).isEqualTo(200);
  }

  /** A fresh access token signed with {@code key} as the server signs them, by the server's clock. */
  private String signedBy(SigningKey key) {
    Instant now = clock.instant();
    return TokenSigner.of(key, clock, null).sign(TokenClaims.builder().issuer(server.issuer()).subject("alice")
        .audience(server.issuer()).issuedAt(now).expiresAt(now.plusSeconds(300)).id(java.util.UUID.randomUUID().toString())
        .claim("client_id", "alice").claim("scope", "orders:read").build(), "at+jwt");
  }

}
