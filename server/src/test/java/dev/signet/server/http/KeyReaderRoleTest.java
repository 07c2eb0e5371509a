package dev.signet.server.http;

import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.testing.TestKeys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code key-reader} role (gh-16): what a gateway verifying request tokens needs from the
 * registry, a principal and its keys, and nothing more: no list, no write, no enrollment, no audit.
 */
class KeyReaderRoleTest {
  static final SigningKey READER = TestKeys.of(Algorithm.ES256, "key-reader");
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "key-reader-alice");
  static TestServer server;
  static ApiClient reader;

  @BeforeAll
  static void start() {
    server = TestServer.builder().start();
    reader = server.createPrincipal("gateway", READER, AdminRoutes.KEY_READER_ROLE).bound();
    server.createPrincipal("alice", ALICE);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void get_principalAndItsKeys_200AsForAnAdmin() {
    ApiClient.Response principal = reader.get("/admin/principals/alice");
    ApiClient.Response keys = reader.get("/admin/principals/alice/keys");

    assertThat(principal.status()).isEqualTo(200);
    assertThat(principal.json()).isEqualTo(server.admin().get("/admin/principals/alice").json());
    assertThat(keys.status()).isEqualTo(200);
    assertThat(kids(keys)).containsExactly(ALICE.kid());
    assertThat(reader.get("/admin/principals/nobody").status()).isEqualTo(404);
  }

  @Test
  void everythingElse_403AndNothingChanged() {
    List<ApiClient.Response> refused = List.of(
        reader.get("/admin/principals"),
        reader.get("/admin/principals/alice/enrollments"),
        reader.get("/admin/audit"),
        reader.get("/admin/signing-keys"),
        reader.get("/admin/keys/" + ALICE.kid()),
        reader.post("/admin/principals", json("name", "mallory", "roles", List.of("admin"))),
        reader.patch("/admin/principals/gateway", json("roles", List.of("admin"))),
        reader.post("/admin/principals/alice/keys", json("public_key", READER.publicKey().toPem())),
        reader.delete("/admin/principals/alice/keys/" + ALICE.kid()),
        reader.post("/admin/principals/alice/enrollments", ""),
        reader.delete("/admin/principals/alice"));

    assertThat(refused).allSatisfy(HttpAssertions::assertInsufficientScope);
    assertThat(server.admin().get("/admin/principals/gateway").json().path("roles").toString()).isEqualTo("[\"key-reader\"]");
    assertThat(kids(server.admin().get("/admin/principals/alice/keys"))).containsExactly(ALICE.kid());
  }

  @Test
  void get_unboundToken_401LikeAnyAdminRoute() {
    ApiClient.Response unbound = server.as("gateway", READER).get("/admin/principals/alice");

    assertThat(unbound.status()).isEqualTo(401);
  }

  private static List<String> kids(ApiClient.Response keys) {
    List<String> kids = new java.util.ArrayList<>();
    keys.json().forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }
}
