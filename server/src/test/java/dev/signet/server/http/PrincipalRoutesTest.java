package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertClientError;
import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What a principal does for itself: {@code GET/POST /whoami} and key rotation under {@code /me/keys}. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrincipalRoutesTest {
  static final SigningKey BOB = TestKeys.of(Algorithm.ES256, "principal-routes-bob");

  @Parameter Backend backend;
  TestServer server;
  ApiClient admin;
  int round;
  String name;
  SigningKey key;
  ApiClient self;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    admin = server.admin();
    server.createPrincipal("bob", BOB);
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) { // null when the start was aborted (no PostgreSQL here): a skip, not a failure
      server.close();
    }
  }

  @BeforeEach
  void freshPrincipal() {
    name = "user" + (++round);
    key = SigningKey.generateEd25519();
    self = server.createPrincipal(name, key).bound(); // /me/* takes only tokens scoped to this server
  }

  @Test
  void whoami_principalWithScopes_scopesSpaceSeparated() {
    admin.patch("/admin/principals/" + name, json("scopes", List.of("orders:write", "orders:read")));

    assertThat(self.get("/whoami").json().path("scope").asText()).isEqualTo("orders:read orders:write");
  }

  @Test
  void whoamiPost_jsonBody_echoedAsPayload() {
    Response response = self.post("/whoami", "{\"items\":[1,2],\"note\":\"ü\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("payload")).isEqualTo(ApiClient.tree("{\"items\":[1,2],\"note\":\"ü\"}"));
    assertThat(response.json().path("principal").asText()).isEqualTo(name);
  }

  @Test
  void whoamiPost_textBody_echoedAsString() {
    Response response = self.send("POST", "/whoami", "hello".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));

    assertThat(response.json().path("payload").asText()).isEqualTo("hello");
  }

  @Test
  void whoamiPost_noBody_noPayload() {
    Response response = self.send("POST", "/whoami", new byte[0], Map.of());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().has("payload")).isFalse();
  }

  @Test
  void whoamiPost_invalidJsonDeclaredAsJson_400() {
    assertBadRequest(self.post("/whoami", "{\"items\":"), "the body is not valid JSON");
    assertBadRequest(self.post("/whoami", "[".repeat(10_000)), "the body is not valid JSON");
  }

  @Test
  void meKeys_get_ownKeysOnly() {
    Response response = self.get("/me/keys");

    assertThat(response.status()).isEqualTo(200);
    assertThat(kids(response)).containsExactly(key.kid());
    assertThat(response.json().get(0).path("principal").asText()).isEqualTo(name);
  }

  @Test
  void meKeys_rotate_newKeyWorksAndOldKeyRefusedAtOnce() {
    SigningKey next = SigningKey.generateEd25519();

    Response added = self.post("/me/keys", json("public_key", next.publicKey().toPem(), "label", "rotated"));
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json().path("kid").asText()).isEqualTo(next.kid());
    ApiClient rotated = server.as(name, next).bound();
    assertThat(rotated.get("/whoami").json().path("kid").asText()).isEqualTo(next.kid());

    assertThat(rotated.delete("/me/keys/" + key.kid()).status()).isEqualTo(204);

    assertInvalidToken(self.get("/whoami"));
    assertThat(kids(rotated.get("/me/keys"))).containsExactly(next.kid());
  }

  @Test
  void meKeys_deleteLastKey_409AndKeyStillWorks() {
    Response response = self.delete("/me/keys/" + key.kid());

    assertClientError(response, 409);
    assertThat(response.json().path("message").asText())
        .isEqualTo("cannot delete the last enabled key '" + key.kid() + "' of principal '" + name + "'; add another key first");
    assertThat(self.get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void meKeys_deleteLastEnabledKeyWhileOthersAreDisabled_409() {
    SigningKey spare = SigningKey.generateEd25519();
    self.post("/me/keys", json("public_key", spare.publicKey().toPem()));
    admin.patch("/admin/principals/" + name + "/keys/" + spare.kid(), json("disabled", true));

    assertClientError(self.delete("/me/keys/" + key.kid()), 409);
    assertThat(self.delete("/me/keys/" + spare.kid()).status()).isEqualTo(204); // a disabled key may go
  }

  @Test
  void meKeys_deleteAnotherPrincipalsKid_404AndTheirKeyUntouched() {
    Response response = self.delete("/me/keys/" + BOB.kid());

    assertClientError(response, 404);
    assertThat(response.json().path("message").asText()).isEqualTo("principal '" + name + "' has no key with kid '" + BOB.kid() + "'");
    assertThat(server.as("bob", BOB).get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void meKeys_postKeyOfAnotherPrincipalOrPrivateKey_refusedAndNothingStored() {
    Response theirs = self.post("/me/keys", json("public_key", BOB.publicKey().toPem()));
    Response secret = self.post("/me/keys", json("public_key", SigningKey.generateEd25519().toPem()));
    Response duplicateKid = self.post("/me/keys", json("public_key", SigningKey.generateEd25519().publicKey().toPem(), "kid", key.kid()));

    assertClientError(theirs, 409);
    assertThat(theirs.json().path("message").asText())
        .isEqualTo("this key cannot be registered here; if it is yours, ask an admin (request " + theirs.header("X-Request-Id") + ")")
        .doesNotContain("bob");
    assertBadRequest(secret, "this is a private key; give the public key (the private half never leaves its owner)");
    assertClientError(duplicateKid, 409);
    assertThat(kids(self.get("/me/keys"))).containsExactly(key.kid());
  }

  @Test
  void meKeys_disabledPrincipal_401() {
    admin.patch("/admin/principals/" + name, json("enabled", false));

    assertInvalidToken(self.get("/me/keys"));
    assertInvalidToken(self.post("/me/keys", json("public_key", SigningKey.generateEd25519().publicKey().toPem())));
    assertThat(kids(admin.get("/admin/principals/" + name + "/keys"))).containsExactly(key.kid());
  }

  static List<String> kids(Response keys) {
    List<String> kids = new ArrayList<>();
    for (JsonNode k : keys.json()) {
      kids.add(k.path("kid").asText());
    }
    return kids;
  }
}
