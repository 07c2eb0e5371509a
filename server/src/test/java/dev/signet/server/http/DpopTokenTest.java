package dev.signet.server.http;

import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.Backend;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DPoP (RFC 9449) at the token endpoint and on {@code /whoami}: bound tokens ({@code cnf.jkt},
 * {@code token_type: DPoP}), and the refused proofs: replayed, wrong {@code htm}/{@code htu},
 * stale, another key, EdDSA; a bound token as Bearer; {@code dpop_required} principals.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DpopTokenTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey DAVE = TestKeys.of(Algorithm.ES256, "dave");
  static final SigningKey PROOF_KEY = TestKeys.of(Algorithm.ES256, "alice-dpop");
  static final SigningKey OTHER_PROOF_KEY = TestKeys.of(Algorithm.RS256, "mallory-dpop");

  @Parameter Backend backend;
  TestServer server;
  OAuthRequests oauth;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    server.createPrincipal("alice", ALICE);
    server.createPrincipal("dave", DAVE);
    assertThat(server.admin().patch("/admin/principals/alice", json("scopes", java.util.List.of("orders:read"))).status()).isEqualTo(200);
    Response dave = server.admin().patch("/admin/principals/dave", json("dpop_required", true));
    assertThat(dave.status()).isEqualTo(200);
    assertThat(dave.json().path("dpop_required").asBoolean()).isTrue();
    oauth = new OAuthRequests(server);
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Response tokenWithProof(String principal, SigningKey key, String proof) {
    return oauth.post("/oauth/token", OAuthRequests.form(oauth.assertion(principal, key, oauth.tokenEndpoint())), Map.of("DPoP", proof));
  }

  private String boundToken() {
    Response response = tokenWithProof("alice", ALICE, oauth.proof(PROOF_KEY, "POST", "/oauth/token", null));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("access_token").asText();
  }

  @Test
  void token_withProof_boundToTheProofKey() {
    Response response = tokenWithProof("alice", ALICE, oauth.proof(PROOF_KEY, "POST", "/oauth/token", null));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("token_type").asText()).isEqualTo("DPoP");
    JsonNode claims = OAuthRequests.payload(response.json().path("access_token").asText());
    assertThat(claims.path("cnf").path("jkt").asText()).isEqualTo(TestDpop.thumbprint(PROOF_KEY));
  }

  @Test
  void whoami_boundTokenWithItsProof_accepted() {
    String token = boundToken();

    Response response = oauth.whoami("DPoP " + token, Map.of("DPoP", oauth.proof(PROOF_KEY, "GET", "/whoami", token)));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().path("method").asText()).isEqualTo("access-token");
    assertThat(response.json().path("scope").asText()).isEqualTo("orders:read");
  }

  @Test
  void whoami_boundTokenAsBearer_refused() {
    String token = boundToken();

    Response response = oauth.whoami("Bearer " + token, Map.of("DPoP", oauth.proof(PROOF_KEY, "GET", "/whoami", token)));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers("WWW-Authenticate")).anyMatch(h -> h.startsWith("DPoP "));
  }

  @Test
  void whoami_proofReplayed_refused() {
    String token = boundToken();
    String proof = oauth.proof(PROOF_KEY, "GET", "/whoami", token);
    assertThat(oauth.whoami("DPoP " + token, Map.of("DPoP", proof)).status()).isEqualTo(200);

    assertThat(oauth.whoami("DPoP " + token, Map.of("DPoP", proof)).status()).isEqualTo(401);
  }

  @Test
  void whoami_proofForAnotherMethodOrUrl_refused() {
    String token = boundToken();

    assertThat(oauth.whoami("DPoP " + token, Map.of("DPoP", oauth.proof(PROOF_KEY, "POST", "/whoami", token))).status()).isEqualTo(401);
    assertThat(oauth.whoami("DPoP " + token, Map.of("DPoP", oauth.proof(PROOF_KEY, "GET", "/me/keys", token))).status()).isEqualTo(401);
    String foreignHost = TestDpop.proof(PROOF_KEY).method("GET").url("https://other.example/whoami").accessToken(token).sign();
    assertThat(oauth.whoami("DPoP " + token, Map.of("DPoP", foreignHost)).status()).isEqualTo(401);
  }

  @Test
  void whoami_proofByAnotherKeyThanCnfJkt_refused() {
    String token = boundToken();

    assertThat(oauth.whoami("DPoP " + token, Map.of("DPoP", oauth.proof(OTHER_PROOF_KEY, "GET", "/whoami", token))).status()).isEqualTo(401);
  }

  @Test
  void whoami_dpopSchemeWithoutProof_refused() {
    String token = boundToken();

    assertThat(oauth.whoami("DPoP " + token, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void token_proofReplayed_invalidDpopProof() {
    String proof = oauth.proof(PROOF_KEY, "POST", "/oauth/token", null);
    assertThat(tokenWithProof("alice", ALICE, proof).status()).isEqualTo(200);

    assertInvalidDpopProof(tokenWithProof("alice", ALICE, proof));
  }

  @Test
  void token_proofWithWrongHtmOrHtu_invalidDpopProof() {
    assertInvalidDpopProof(tokenWithProof("alice", ALICE, oauth.proof(PROOF_KEY, "GET", "/oauth/token", null)));
    assertInvalidDpopProof(tokenWithProof("alice", ALICE, oauth.proof(PROOF_KEY, "POST", "/oauth/introspect", null)));
    assertInvalidDpopProof(tokenWithProof("alice", ALICE,
        TestDpop.proof(PROOF_KEY).method("POST").url("https://other.example/oauth/token").sign()));
  }

  @Test
  void token_staleProof_invalidDpopProof() {
    String stale = TestDpop.proof(PROOF_KEY).method("POST").url(oauth.tokenEndpoint()).issuedAt(Instant.now().minusSeconds(600)).sign();

    assertInvalidDpopProof(tokenWithProof("alice", ALICE, stale));
  }

  @Test
  void token_ed25519Proof_invalidDpopProof() {
    String proof = oauth.proof(TestKeys.of(Algorithm.EdDSA, "ed-dpop"), "POST", "/oauth/token", null);

    assertInvalidDpopProof(tokenWithProof("alice", ALICE, proof));
  }

  @Test
  void token_proofWithoutJwkOrWithPrivateParts_invalidDpopProof() {
    assertInvalidDpopProof(tokenWithProof("alice", ALICE,
        TestDpop.proof(PROOF_KEY).method("POST").url(oauth.tokenEndpoint()).header("jwk", null).sign()));
    assertInvalidDpopProof(tokenWithProof("alice", ALICE,
        TestDpop.proof(PROOF_KEY).method("POST").url(oauth.tokenEndpoint()).header("typ", "JWT").sign()));
  }

  @Test
  void token_dpopRequiredPrincipalWithoutProof_invalidRequest() {
    Response response = oauth.token("dave", DAVE);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(tokenWithProof("dave", DAVE, oauth.proof(PROOF_KEY, "POST", "/oauth/token", null)).status()).isEqualTo(200);
  }

  @Test
  void metadata_advertisesDpopAndTheOAuthEndpoints() {
    JsonNode m = server.anonymous().get("/.well-known/oauth-authorization-server").json();

    assertThat(m.path("token_endpoint").asText()).isEqualTo(oauth.tokenEndpoint());
    assertThat(m.path("introspection_endpoint").asText()).isEqualTo(server.issuer() + "/oauth/introspect");
    assertThat(m.path("revocation_endpoint").asText()).isEqualTo(server.issuer() + "/oauth/revoke");
    assertThat(m.path("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"private_key_jwt\"]");
    assertThat(m.path("dpop_signing_alg_values_supported").toString()).contains("ES256").doesNotContain("EdDSA");
  }

  static void assertInvalidDpopProof(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(dev.signet.server.testing.ApiClient.tree("{\"error\":\"invalid_dpop_proof\"}"));
  }
}
