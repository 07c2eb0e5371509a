package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server's own keys as foreign code reads them: PyJWT ({@code jwt.PyJWKClient}) and
 * panva's {@code jose} ({@code importJWK}, {@code createRemoteJWKSet}) parse its JWKS, and the
 * ASAP PEM ({@code GET /asap/{kid}}) and the {@code publicKey} member of each key are the same
 * public key as the JWK. The JWKS holds three key types: the first RS256 key (retired, still
 * published), an EdDSA key (active) and an ES256 key (waiting), made through the admin API.
 * Verifying tokens the server issues is the token endpoint's interop test.
 */
class ServerKeysInteropIT {
  @TempDir static Path dir;
  static ServerProcess server;
  static JsonNode jwks;

  @BeforeAll
  static void startServerWithThreeKeys() throws IOException {
    SigningKey admin = TestKeys.fresh(Algorithm.ES256);
    Path adminKey = Files.writeString(dir.resolve("admin.pub"), admin.publicKey().toPem());
    server = ServerProcess.start(dir.resolve("data"), "--admin-key", adminKey.toString());
    ApiClient api = new ApiClient(server.url(), admin, "admin");
    String first = api.call("GET", "/admin/signing-keys", null).get(0).path("kid").asText();
    api.call("POST", "/admin/signing-keys", "{\"alg\":\"EdDSA\"}");
    api.call("POST", "/admin/signing-keys/" + first + "/retire", null); // the EdDSA key takes over, RS256 stays published
    api.call("POST", "/admin/signing-keys", "{\"alg\":\"ES256\"}");
    jwks = ApiClient.parse(get("/.well-known/jwks.json"));
    assertThat(jwks.path("keys").findValuesAsText("alg")).containsExactlyInAnyOrder("RS256", "EdDSA", "ES256", "RSA-OAEP-256");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static String get(String path) {
    try {
      return new String(server.url().resolve(path).toURL().openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Case serverKeys() {
    return new Case("server-keys", "server_keys").with("jwks_uri", server.url() + "/.well-known/jwks.json")
        .with("base", server.url().toString());
  }

  static List<String> kids() {
    List<String> kids = new ArrayList<>();
    jwks.path("keys").forEach(k -> {
      if (k.path("use").asText().equals("sig")) { // the encryption key is JweInteropIT's
        kids.add(k.path("kid").asText());
      }
    });
    return kids;
  }

  @Test
  void pyJwt_readsEveryKey_asapPemAndPublicKeyMemberAreTheSameKey() {
    JsonNode keys = ForeignScript.pyJwt().run(List.of(serverKeys())).get("server-keys").path("keys");

    assertThat(keys.size()).isEqualTo(3);
    for (JsonNode jwk : jwks.path("keys")) {
      if (!jwk.path("use").asText().equals("sig")) {
        continue;
      }
      JsonNode read = keys.path(jwk.path("kid").asText());
      assertThat(read.path("kty").asText()).isEqualTo(jwk.path("kty").asText());
      assertThat(read.path("alg").asText()).isEqualTo(jwk.path("alg").asText());
      assertThat(read.path("use").asText()).isEqualTo("sig");
      assertThat(read.path("asap_type").asText()).isEqualTo("application/x-pem-file");
      assertThat(read.path("asap_matches").asBoolean()).as("ASAP PEM of %s", jwk).isTrue();
      assertThat(read.path("public_key_member_matches").asBoolean()).as("publicKey of %s", jwk).isTrue();
    }
  }

  @Test
  void jose_readsEveryKey_thumbprintIsTheKid_asapPemAndPublicKeyMemberAreTheSameKey() {
    JsonNode keys = ForeignScript.jose().run(List.of(serverKeys())).get("server-keys").path("keys");

    assertThat(keys.size()).isEqualTo(3);
    for (String kid : kids()) {
      JsonNode read = keys.path(kid);
      assertThat(read.path("thumbprint").asText()).isEqualTo(kid);
      assertThat(read.path("asapType").asText()).isEqualTo("application/x-pem-file");
      assertThat(read.path("asapMatches").asBoolean()).as("ASAP PEM of %s", kid).isTrue();
      assertThat(read.path("publicKeyMemberMatches").asBoolean()).as("publicKey of %s", kid).isTrue();
      assertThat(read.path("resolvedByKid").asBoolean()).isTrue();
    }
  }

  @Test
  void metadata_pointsAtTheJwksTheForeignCodeRead() {
    JsonNode metadata = ApiClient.parse(get("/.well-known/oauth-authorization-server"));

    assertThat(metadata.path("issuer").asText()).isEqualTo(server.url().toString());
    assertThat(metadata.path("jwks_uri").asText()).isEqualTo(server.url() + "/.well-known/jwks.json");
    assertThat(jwks.path("keys").size()).isEqualTo(4); // three signing keys, one encryption key
  }
}
