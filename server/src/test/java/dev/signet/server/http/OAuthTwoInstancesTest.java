package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.TestDatabases;
import dev.signet.server.testing.TestRedis;
import dev.signet.testing.TestKeys;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The token service on two instances sharing PostgreSQL, Redis and one {@code --issuer}: an
 * assertion or a DPoP proof used on one is refused on the other, a token one issued the other
 * accepts, and a revocation on one is seen by the other at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthTwoInstancesTest {
  static final String ISSUER = "http://signet.test";
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey PROOF_KEY = TestKeys.of(Algorithm.ES256, "two-instances-dpop");

  TestDatabases.PostgresSchema schema;
  TestServer a;
  TestServer b;
  OAuthRequests onA;
  OAuthRequests onB;

  @BeforeAll
  void startInstances() {
    schema = TestDatabases.postgres();
    String redis = TestRedis.url();
    a = TestServer.builder().sharedDatabase(schema.jdbcUrl()).setting("redis", redis).setting("issuer", ISSUER).start();
    b = TestServer.builder().sharedDatabase(schema.jdbcUrl()).setting("redis", redis).setting("issuer", ISSUER).start();
    a.createPrincipal("alice", ALICE);
    onA = new OAuthRequests(a);
    onB = new OAuthRequests(b);
  }

  @AfterAll
  void stopInstances() {
    try {
      if (b != null) {
        b.close();
      }
      if (a != null) {
        a.close();
      }
    } finally {
      if (schema != null) {
        schema.close();
      }
    }
  }

  @Test
  void assertionUsedOnA_replayedOnB_invalidClient() {
    String assertion = onA.assertion("alice", ALICE, onA.tokenEndpoint());
    assertThat(onA.post("/oauth/token", OAuthRequests.form(assertion), Map.of()).status()).isEqualTo(200);

    TokenEndpointTest.assertInvalidClient(onB.post("/oauth/token", OAuthRequests.form(assertion), Map.of()));
  }

  @Test
  void dpopProofUsedOnA_replayedOnB_invalidDpopProof() {
    String proof = onA.proof(PROOF_KEY, "POST", "/oauth/token", null);
    assertThat(onA.post("/oauth/token", OAuthRequests.form(onA.assertion("alice", ALICE, onA.tokenEndpoint())), Map.of("DPoP", proof))
        .status()).isEqualTo(200);

    DpopTokenTest.assertInvalidDpopProof(
        onB.post("/oauth/token", OAuthRequests.form(onB.assertion("alice", ALICE, onB.tokenEndpoint())), Map.of("DPoP", proof)));
  }

  @Test
  void tokenIssuedByA_acceptedOnB_andRevokedOnB_refusedOnAAtOnce() {
    String token = onA.accessToken("alice", ALICE);
    assertThat(onB.whoami("Bearer " + token, Map.of()).status()).isEqualTo(200);

    Response revoked = onB.post("/oauth/revoke", Map.of("client_assertion_type", OAuthRequests.JWT_BEARER,
        "client_assertion", onB.assertion("alice", ALICE, ISSUER + "/oauth/revoke"), "token", token), Map.of());

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(onA.whoami("Bearer " + token, Map.of()).status()).isEqualTo(401);
    assertThat(onA.post("/oauth/introspect", Map.of("client_assertion_type", OAuthRequests.JWT_BEARER,
        "client_assertion", onA.assertion("alice", ALICE, ISSUER), "token", token), Map.of()).body()).isEqualTo("{\"active\":false}");
  }
}
