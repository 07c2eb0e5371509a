package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertClientError;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an attacker or a careless script sends to every route that takes input: wrong JSON types,
 * unknown fields, huge and deeply nested bodies, look-alike names, path traversal, SQL. Each gets
 * a 4xx with a generic or clear body, bounded work, and the registry is unchanged afterwards (on
 * H2 and PostgreSQL).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "hostile-alice");
  static final String PEM = SigningKey.generateEd25519().publicKey().toPem();
  static final String NAME_RULE = "principal name must be 1-64 characters of [A-Za-z0-9._@-]: ";

  @Parameter Backend backend;
  TestServer server;
  ApiClient admin;
  ApiClient alice;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    admin = server.admin();
    alice = server.createPrincipal("alice", ALICE).bound(); // /me/* takes only tokens scoped to this server
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) { // null when the start was aborted (no PostgreSQL here): a skip, not a failure
      server.close();
    }
  }

  @AfterEach
  void registryUnchanged() {
    assertThat(admin.get("/admin/principals").json().findValuesAsText("name")).containsExactly("admin", "alice");
    JsonNode aliceKeys = admin.get("/admin/principals/alice/keys").json();
    assertThat(aliceKeys.size()).isEqualTo(1);
    assertThat(aliceKeys.get(0).path("kid").asText()).isEqualTo(ALICE.kid());
    assertThat(aliceKeys.get(0).path("disabled").asBoolean()).isFalse();
    assertThat(admin.get("/admin/principals/alice").json().path("roles").size()).isZero();
    assertThat(admin.get("/admin/principals/alice/enrollments").json().size()).isZero();
    assertThat(alice.get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void bodies_wrongJsonTypes_400SayingWhichField() {
    String p = "/admin/principals";
    String key = "/admin/principals/alice/keys/" + ALICE.kid();
    assertBadRequest(admin.post(p, "{\"name\":5}"), "invalid JSON body: field 'name' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":[\"x\"]}"), "invalid JSON body: field 'name' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"roles\":\"admin\"}"), "invalid JSON body: field 'roles' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"roles\":[1]}"), "invalid JSON body: field 'roles[0]' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"roles\":[null]}"), "role must be 1-64 characters of [A-Za-z0-9._:-]: null");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"enabled\":\"yes\"}"), "invalid JSON body: field 'enabled' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"enabled\":1}"), "invalid JSON body: field 'enabled' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"jwks_uri\":{}}"), "invalid JSON body: field 'jwks_uri' has the wrong type");
    assertBadRequest(admin.post(p, "{\"name\":null}"), "field 'name' is required");
    assertBadRequest(admin.post(p, "[]"), "invalid JSON body: expected a JSON object");
    assertBadRequest(admin.post(p, "\"alice\""), "invalid JSON body: expected a JSON object");
    assertBadRequest(admin.post(p, ""), "a JSON body is required");
    assertBadRequest(admin.post(p, "name=x"), "invalid JSON body: malformed JSON at line 1, column 1");
    assertBadRequest(admin.post(p, "{\"name\":\"x\",\"name\":\"y\"}"), "invalid JSON body: malformed JSON at line 1, column 19");
    assertClientError(admin.post(p, "{\"name\":\"x\"} {\"name\":\"y\"}"), 400);
    assertBadRequest(admin.patch("/admin/principals/alice", "{\"roles\":{\"admin\":true}}"),
        "invalid JSON body: field 'roles' has the wrong type");
    assertBadRequest(admin.post("/admin/principals/alice/keys", json("public_key", PEM, "not_before", "yesterday")),
        "invalid JSON body: field 'not_before' has the wrong type");
    assertBadRequest(admin.patch(key, "{\"disabled\":\"true\"}"), "invalid JSON body: field 'disabled' has the wrong type");
    assertBadRequest(admin.post("/admin/principals/alice/enrollments", "{\"ttl\":\"forever\"}"),
        "invalid JSON body: field 'ttl' has the wrong type");
    assertBadRequest(admin.post("/enroll", "{\"code\":123,\"public_key\":\"x\"}"), "invalid JSON body: field 'code' has the wrong type");
    assertBadRequest(alice.post("/me/keys", "{\"public_key\":[\"x\"]}"), "field 'public_key' must be a PEM string or a JWK object");
  }

  @Test
  void bodies_malformedJson_messageNeverQuotesTheInput() {
    String code = "Zm9yZ290LXRoZS1xdW90ZXMtYXJvdW5kLWl0";

    Response response = admin.post("/enroll", "{\"code\": " + code + ", \"public_key\": \"x\"}");

    assertBadRequest(response, "invalid JSON body: malformed JSON at line 1, column 10");
    assertThat(response.body()).doesNotContain(code.substring(0, 8));
  }

  @Test
  void bodies_unknownFields_400NamingTheField() {
    assertBadRequest(admin.post("/admin/principals", "{\"name\":\"x\",\"admin\":true}"), "invalid JSON body: unknown field 'admin'");
    assertBadRequest(admin.patch("/admin/principals/alice", "{\"name\":\"admin\"}"), "invalid JSON body: unknown field 'name'");
    assertBadRequest(admin.post("/admin/principals/alice/keys", json("public_key", PEM, "principal", "admin")),
        "invalid JSON body: unknown field 'principal'");
    assertBadRequest(admin.post("/enroll", json("code", "x", "public_key", PEM, "principal", "admin")),
        "invalid JSON body: unknown field 'principal'");
    assertBadRequest(alice.post("/me/keys", json("public_key", PEM, "principal", "admin")),
        "invalid JSON body: unknown field 'principal'");
  }

  @Test
  void bodies_deeplyNested_400Quickly() {
    String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    long start = System.nanoTime();

    assertBadRequest(admin.post("/admin/principals/alice/keys", "{\"public_key\":" + deepObject + "}"),
        "invalid JSON body: nested too deeply, or a value is too long");
    assertBadRequest(admin.post("/admin/principals", "{\"name\":\"x\",\"roles\":" + "[".repeat(50_000) + "}"),
        "invalid JSON body: field 'roles[0]' has the wrong type");
    assertBadRequest(alice.post("/whoami", deepObject), "the body is not valid JSON");
    assertBadRequest(admin.post("/admin/principals", "{\"name\":\"x\",\"enabled\":" + "9".repeat(1000) + "}"),
        "invalid JSON body: nested too deeply, or a value is too long");

    assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(5_000_000_000L);
  }

  @Test
  void bodies_hugeValuesWithinTheLimit_400WithShortMessages() {
    String huge = "a".repeat(60_000);

    Response name = admin.post("/admin/principals", json("name", huge));
    assertBadRequest(name, NAME_RULE + "'" + "a".repeat(48) + "'… (60000 characters)");
    assertBadRequest(admin.post("/admin/principals", json("name", "x", "roles", IntStream.range(0, 5000).mapToObj(i -> "r" + i).toList())),
        "at most 32 roles, not 5000");
    assertClientError(admin.post("/admin/principals/alice/keys", json("public_key", "-----BEGIN PUBLIC KEY-----\n" + huge)), 400);
    assertBadRequest(admin.post("/enroll", json("code", huge, "public_key", PEM)), "invalid or expired enrollment code");
    assertBadRequest(admin.post("/admin/principals/alice/keys", json("public_key", PEM, "label", huge)),
        "field 'label' must be at most 256 characters, not 60000");
  }

  @Test
  void names_unicodeWhitespaceAndControlCharacters_400() {
    List<String> names = List.of(" alice", "alice ", "al ice", "ålice", "ａｌｉｃｅ", "al\u200Bice", "\u202Eecila", "alice\n",
        "alice\u0000", "", "a".repeat(65), "alice/bob", "..");
    for (String name : names) {
      Response created = admin.post("/admin/principals", json("name", name));
      assertClientError(created, 400);
      assertThat(created.json().path("message").asText()).startsWith(name.equals("..") ? "principal name must not be" : NAME_RULE);
    }
    for (String name : List.of("%C3%A5lice", "al%20ice", "al%E2%80%8Bice", "%E2%80%AEecila", "alice%0A")) { // %00: LimitsTest (Jetty closes the connection)
      for (Response response : List.of(admin.get("/admin/principals/" + name), admin.delete("/admin/principals/" + name),
          admin.get("/admin/principals/" + name + "/keys"), admin.post("/admin/principals/" + name + "/enrollments", ""))) {
        assertClientError(response, 400);
      }
    }
  }

  @Test
  void kids_pathTraversal_400AndNothingDeleted() {
    List<String> paths = List.of(
        "/me/keys/../../etc/passwd",
        "/me/keys/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/me/keys/..%2F..%2Fadmin",
        "/me/keys/%2e%2e",
        "/me/keys/a%2F..%2F" + ALICE.kid(),
        "/admin/principals/alice/keys/..%2F..%2Fetc%2Fpasswd",
        "/admin/principals/alice/keys/%2e%2e%2f%2e%2e%2fadmin",
        "/admin/principals/alice/keys/../../admin");
    for (String path : paths) {
      Response response = (path.startsWith("/me") ? alice : admin).delete(path);

      assertClientError(response, 400);
      assertThat(response.json().path("message").asText()).startsWith("kid must be 1-256 characters");
    }
    Response escapesRoot = admin.delete("/admin/principals/alice/keys/../../../../../etc/passwd");
    assertClientError(escapesRoot, 400);
    assertBadRequest(admin.patch("/admin/principals/alice/keys/%2e%2e%2f" + ALICE.kid(), json("disabled", true)),
        "kid must be 1-256 characters of [A-Za-z0-9._~:@+=/-], without empty, '.' or '..' path segments: '../"
            + ALICE.kid() + "'");
  }

  @Test
  void names_sqlMetacharacters_refusedAndTablesIntact() {
    List<String> names = List.of("x'; DROP TABLE principals;--", "alice' OR '1'='1", "admin\"--", "alice;", "alice%");
    for (String name : names) {
      String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
      assertBadRequest(admin.post("/admin/principals", json("name", name)), NAME_RULE + "'" + name + "'");
      assertClientError(admin.get("/admin/principals/" + encoded), 400);
      assertClientError(admin.delete("/admin/principals/" + encoded), 400);
      assertClientError(admin.delete("/admin/principals/alice/keys/" + encoded), 400);
      Response audit = admin.get("/admin/audit?principal=" + encoded);
      assertThat(audit.status()).isEqualTo(200);
      assertThat(audit.json().size()).isZero();
    }
    assertBadRequest(admin.get("/admin/audit?principal=alice&limit=1;DROP"), "limit must be a number from 1 to 1000");
    assertBadRequest(admin.get("/admin/audit?principal=alice&action=x'--"), "unknown action 'x'--'");
  }

  @Test
  void everyInputRoute_randomBytesAsJson_4xxWithoutInternals() {
    byte[] garbage = new byte[4096];
    new java.util.Random(42).nextBytes(garbage);
    List<String[]> routes = List.of(
        new String[] {"POST", "/admin/principals"},
        new String[] {"PATCH", "/admin/principals/alice"},
        new String[] {"POST", "/admin/principals/alice/keys"},
        new String[] {"PATCH", "/admin/principals/alice/keys/" + ALICE.kid()},
        new String[] {"POST", "/admin/principals/alice/enrollments"},
        new String[] {"POST", "/enroll"},
        new String[] {"POST", "/me/keys"},
        new String[] {"POST", "/whoami"},
        new String[] {"DELETE", "/me/keys/%ff%fe"});
    for (String[] route : routes) {
      Response response = (route[1].startsWith("/admin") ? admin : alice)
          .send(route[0], route[1], garbage, java.util.Map.of("Content-Type", "application/json"));

      assertThat(response.status()).as("%s %s: %s", route[0], route[1], response).isBetween(400, 499);
      HttpAssertions.assertNoInternals(response);
    }
  }
}
