package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertClientError;
import static dev.signet.server.http.HttpAssertions.assertInsufficientScope;
import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.server.TestServer;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.Backend;
import dev.signet.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /admin/signing-keys} on H2 and PostgreSQL: admins only, list, rotate, retire, and their refusals. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeyRoutesTest {
  @Parameter Backend backend;
  TestServer server;
  ApiClient admin;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    admin = server.admin();
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Each test starts with one published key: waiting ones (from earlier tests) retired as compromised. */
  @BeforeEach
  void noWaitingKey() {
    for (JsonNode k : admin.get("/admin/signing-keys").json()) {
      if (k.path("status").asText().equals("pending")) {
        assertThat(admin.post("/admin/signing-keys/" + k.path("kid").asText() + "/retire", json("compromised", true)).status()).isEqualTo(200);
      }
    }
  }

  List<String> publishedKids() {
    List<String> kids = new ArrayList<>();
    server.anonymous().get("/.well-known/jwks.json").json().path("keys").forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }

  @Test
  void anonymousOrNonAdmin_refused() {
    ApiClient bob = server.createPrincipal("bob-" + backend, TestKeys.fresh(Algorithm.ES256)).bound(); // scoped, as /admin needs

    assertInvalidToken(server.anonymous().get("/admin/signing-keys"));
    assertInvalidToken(server.anonymous().post("/admin/signing-keys", "{}"));
    assertInsufficientScope(bob.get("/admin/signing-keys"));
    assertInsufficientScope(bob.post("/admin/signing-keys", "{}"));
    assertInsufficientScope(bob.post("/admin/signing-keys/x/retire", "{}"));
  }

  @Test
  void list_theActiveKeyWithItsTimes() {
    String active = server.signingKeys().current().kid();

    JsonNode keys = admin.get("/admin/signing-keys").json();

    JsonNode key = findKey(keys, active);
    assertThat(key.path("use").asText()).isEqualTo("sig");
    assertThat(key.path("alg").asText()).isEqualTo("ES256");
    assertThat(key.path("kty").asText()).isEqualTo("EC");
    assertThat(key.path("status").asText()).isEqualTo("active");
    assertThat(key.path("created_at").asText()).isNotEmpty();
    assertThat(key.path("activates_at").asText()).isNotEmpty();
  }

  @Test
  void rotate_pendingKeyPublishedAtOnce_secondRotation409_thenRetired() {
    String etag = server.anonymous().get("/.well-known/jwks.json").header("ETag");

    Response created = admin.post("/admin/signing-keys", "");
    Response again = admin.post("/admin/signing-keys", json("alg", "EdDSA"));

    assertThat(created.status()).isEqualTo(201);
    String kid = created.json().path("kid").asText();
    assertThat(created.json().path("status").asText()).isEqualTo("pending");
    assertThat(publishedKids()).contains(kid);
    assertThat(server.anonymous().get("/.well-known/jwks.json").header("ETag")).isNotEqualTo(etag);
    assertClientError(again, 409);
    assertThat(again.json().path("message").asText()).startsWith("key " + kid + " is already waiting to take over at ");
    assertThat(server.signingKeys().current().kid()).isNotEqualTo(kid);

    Response retired = admin.post("/admin/signing-keys/" + kid + "/retire", "");
    assertThat(retired.status()).isEqualTo(200);
    assertThat(retired.json().path("status").asText()).isEqualTo("unpublished"); // it never signed
    assertThat(publishedKids()).doesNotContain(kid);
  }

  @Test
  void rotate_withAnAlgorithm_thatKeysAlgorithm() {
    Response created = admin.post("/admin/signing-keys", json("alg", "EdDSA"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("alg").asText()).isEqualTo("EdDSA");
    assertThat(created.json().path("kty").asText()).isEqualTo("OKP");
  }

  @Test
  void rotate_badBodies_400() {
    int before = admin.get("/admin/signing-keys").json().size();

    assertBadRequest(admin.post("/admin/signing-keys", json("alg", "HS256")),
        "field 'alg' must be one of [RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519]");
    assertBadRequest(admin.post("/admin/signing-keys", json("alg", "none")),
        "field 'alg' must be one of [RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519]");
    assertBadRequest(admin.post("/admin/signing-keys", json("size", 4096)), "invalid JSON body: unknown field 'size'");
    assertBadRequest(admin.post("/admin/signing-keys", "[]"), "invalid JSON body: expected a JSON object");
    assertThat(admin.get("/admin/signing-keys").json().size()).isEqualTo(before);
  }

  @Test
  void retire_activeKey_anotherSignsAtOnce_oldOneStillPublished_audited() {
    String old = server.signingKeys().current().kid();

    Response retired = admin.post("/admin/signing-keys/" + old + "/retire", "");

    assertThat(retired.status()).isEqualTo(200);
    assertThat(retired.json().path("status").asText()).isEqualTo("retired");
    assertThat(retired.json().path("unpublish_at").asText()).isNotEmpty();
    String now = server.signingKeys().current().kid();
    assertThat(now).isNotEqualTo(old);
    assertThat(publishedKids()).contains(old, now);
    JsonNode audit = admin.get("/admin/audit?action=" + AuditAction.SERVER_KEY_RETIRE.code()).json();
    assertThat(audit.get(0).path("actor").asText()).isEqualTo("admin");
    assertThat(audit.get(0).path("kid").asText()).isEqualTo(old);
  }

  @Test
  void retire_unknownOrRetiredKid_404Or409() {
    String old = server.signingKeys().current().kid();
    admin.post("/admin/signing-keys/" + old + "/retire", "");

    Response unknown = admin.post("/admin/signing-keys/nope/retire", "");
    Response twice = admin.post("/admin/signing-keys/" + old + "/retire", "");

    assertClientError(unknown, 404);
    assertThat(unknown.json().path("message").asText()).isEqualTo("no published sig key with kid 'nope'");
    assertClientError(twice, 409);
    assertThat(twice.json().path("message").asText()).startsWith("key " + old + " was retired at ");
    assertBadRequest(admin.post("/admin/signing-keys/" + old + "/retire", json("compromised", "yes")),
        "invalid JSON body: field 'compromised' has the wrong type");
  }

  private static JsonNode findKey(JsonNode keys, String kid) {
    for (JsonNode k : keys) {
      if (k.path("kid").asText().equals(kid)) {
        return k;
      }
    }
    throw new AssertionError("no key " + kid + " in " + keys);
  }
}
