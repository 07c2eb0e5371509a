package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertInsufficientScope;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * A principal that registers another's public key first (it is public, after all) learns nothing
 * about who holds a key, and an admin can find the holder and resolve the clash (issue 12, item 7:
 * the answer said "already registered for another principal", which both probes and blocks).
 */
class KeyClashTest {
  static final SigningKey MALLORY = TestKeys.of(Algorithm.ES256, "mallory");
  static final SigningKey ALICES_NEW_KEY = TestKeys.of(Algorithm.ES256, "alice-new");

  @Test // gh-12 item 7
  void keyTakenFirstByAnother_ownerToldOnlyToAskAnAdmin_adminFindsTheHolderAndResolvesIt() throws InterruptedException {
    try (TestServer server = TestServer.start()) {
      ApiClient admin = server.admin();
      ApiClient mallory = server.createPrincipal("mallory", MALLORY).bound();
      admin.post("/admin/principals", json("name", "alice"));
      String code = admin.post("/admin/principals/alice/enrollments", "").json().path("code").asText();
      String pem = ALICES_NEW_KEY.publicKey().toPem();
      assertThat(mallory.post("/me/keys", json("public_key", pem)).status()).isEqualTo(201); // squatted

      Response refused = server.anonymous().post("/enroll", json("code", code, "public_key", pem));

      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.json().path("message").asText())
          .isEqualTo("this key cannot be registered here; if it is yours, ask an admin (request " + refused.header("X-Request-Id") + ")")
          .doesNotContain("mallory");
      // the admin looks the request up, sees the clash, finds the holder
      server.flushAudit();
      JsonNode clash = null;
      for (JsonNode row : admin.get("/admin/audit?principal=alice&action=key.add").json()) {
        if (row.path("request_id").asText().equals(refused.header("X-Request-Id"))) {
          clash = row;
        }
      }
      assertThat(clash).isNotNull();
      assertThat(clash.path("reason").asText()).contains("KEY_HELD_ELSEWHERE", "principal 'mallory'", "belongs to 'alice'");
      Response holder = admin.get("/admin/keys/" + ALICES_NEW_KEY.publicKey().thumbprint());
      assertThat(holder.status()).isEqualTo(200);
      assertThat(holder.json().path("principal").asText()).isEqualTo("mallory");
      // resolves it: the key goes from mallory, and the code (never used up) enrolls it for alice
      assertThat(admin.delete("/admin/principals/mallory/keys/" + holder.json().path("kid").asText()).status()).isEqualTo(204);
      Response enrolled = server.anonymous().post("/enroll", json("code", code, "public_key", pem));
      assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(201);
      assertThat(admin.get("/admin/keys/" + ALICES_NEW_KEY.publicKey().thumbprint()).json().path("principal").asText()).isEqualTo("alice");
    }
  }

  @Test
  void keyLookup_notAdminOrBadThumbprint_refused() {
    try (TestServer server = TestServer.start()) {
      ApiClient mallory = server.createPrincipal("mallory", MALLORY).bound();

      assertInsufficientScope(mallory.get("/admin/keys/" + MALLORY.publicKey().thumbprint()));
      assertThat(server.admin().get("/admin/keys/not-a-thumbprint").status()).isEqualTo(400);
      assertThat(server.admin().get("/admin/keys/" + ALICES_NEW_KEY.publicKey().thumbprint()).status()).isEqualTo(404);
    }
  }
}
