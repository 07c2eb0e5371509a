package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed, oversized and hostile bodies on {@code /oauth/*}: a 400 (413 past {@code
 * --max-body-size}) with the generic {@code {"error":"invalid_request"}}, never a detail or a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthHostileInputTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final String GENERIC = "{\"error\":\"invalid_request\"}";

  TestServer server;
  OAuthRequests oauth;

  @BeforeAll
  void start() {
    server = TestServer.start();
    server.createPrincipal("alice", ALICE);
    oauth = new OAuthRequests(server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private void assertGeneric400(String path, byte[] body, Map<String, String> headers) {
    Response response = oauth.post(path, body, headers);
    assertThat(response.status()).as(path + " " + response).isEqualTo(400);
    assertThat(response.body()).isEqualTo(GENERIC);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oauthRoutes_hostileBodies_genericBadRequest() {
    String valid = OAuthRequests.encode(OAuthRequests.form(oauth.assertion("alice", ALICE, oauth.tokenEndpoint())));
    for (String path : new String[] {"/oauth/token", "/oauth/introspect", "/oauth/revoke"}) {
      assertGeneric400(path, bytes("grant_type=client_credentials&" + "x".repeat(20_000) + "=1"), Map.of());
      assertGeneric400(path, bytes("grant_type=%zz&client_assertion=%"), Map.of());
      assertGeneric400(path, new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28}, Map.of());
      assertGeneric400(path, bytes("grant_type=client_credentials&grant_type=client_credentials&" + valid), Map.of());
      assertGeneric400(path, bytes("a=%00"), Map.of());
      StringBuilder many = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        many.append("p").append(i).append("=1&");
      }
      assertGeneric400(path, bytes(many.toString()), Map.of());
      assertGeneric400(path, bytes("{\"grant_type\":\"client_credentials\"}"), Map.of("Content-Type", "application/json"));
    }
  }

  @Test
  void token_bodyOverTheServersLimit_413() {
    Response response = oauth.post("/oauth/token", new byte[70 * 1024], Map.of());

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void token_hugeAssertionOrProof_refusedWithoutDetail() {
    Response assertion = oauth.post("/oauth/token", OAuthRequests.form("a".repeat(15_000)), Map.of());
    assertThat(assertion.status()).isEqualTo(401);
    assertThat(assertion.body()).isEqualTo("{\"error\":\"invalid_client\"}");

    Response proof = oauth.post("/oauth/token", OAuthRequests.form(oauth.assertion("alice", ALICE, oauth.tokenEndpoint())),
        Map.of("DPoP", "x".repeat(7_000)));
    assertThat(proof.status()).isEqualTo(400);
    assertThat(proof.body()).isEqualTo("{\"error\":\"invalid_dpop_proof\"}");
  }

  @Test
  void token_getMethod_notAllowed() {
    assertThat(server.anonymous().get("/oauth/token").status()).isEqualTo(405);
    assertThat(ApiClient.tree(server.anonymous().get("/oauth/token").body()).path("error").asText()).isEqualTo("method_not_allowed");
  }
}
