package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.EncryptionKey;
import dev.signet.JweEncrypter;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWE with foreign code (issue 17), against the real distribution: node-jose (the seeds' library,
 * {@code JWE.createEncrypt({zip: true, format: 'compact'}, key)}) and panva's jose encrypt to the
 * server's published {@code use: enc} keys and {@code POST /whoami} decrypts; Signet encrypts to
 * keys those libraries generated and they decrypt. The JWEs to the first key are posted after an
 * encryption-key rotation (a new EC key, the RSA one retired): old and new key both decrypt, until
 * the old one is retired as compromised.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JweInteropIT {
  private static final String PAYLOAD = "{\"card\":\"4111 1111 1111 1111\",\"note\":\"" + "x".repeat(400) + "\"}";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;
  static ServerProcess server;
  static ApiClient admin;
  static SigningKey alice;
  static JsonNode rsaKey;
  static JsonNode ecKey;
  static ForeignScript.Results before;
  static ForeignScript.Results after;

  @BeforeAll
  static void startServerEncryptRotateEncrypt() throws IOException {
    SigningKey adminKey = TestKeys.fresh(Algorithm.ES256);
    Path adminPub = Files.writeString(dir.resolve("admin.pub"), adminKey.publicKey().toPem());
    server = ServerProcess.start(dir.resolve("data"), "--admin-key", adminPub.toString());
    admin = new ApiClient(server.url(), adminKey, "admin");
    alice = TestKeys.fresh(Algorithm.ES256);
    admin.call("POST", "/admin/principals", "{\"name\":\"alice\",\"roles\":[]}");
    admin.call("POST", "/admin/principals/alice/keys", "{\"public_key\":" + ApiClient.json(alice.publicKey().toPem()) + "}");

    rsaKey = encKeys().get(0);
    assertThat(rsaKey.path("alg").asText()).isEqualTo("RSA-OAEP-256");
    before = ForeignScript.jwe().run(List.of(
        encrypt("node-jose/zip/rsa", "node-jose", rsaKey, true),
        encrypt("jose/rsa", "jose", rsaKey, false),
        generate("node-jose/rsa-key", "node-jose", "RSA", "RSA-OAEP-256"),
        generate("node-jose/ec-key", "node-jose", "EC", "ECDH-ES"),
        generate("jose/rsa-key", "jose", "RSA", "RSA-OAEP-256"),
        generate("jose/ec-key", "jose", "EC", "ECDH-ES+A256KW")));

    admin.call("POST", "/admin/encryption-keys", "{\"alg\":\"ECDH-ES\"}"); // waits, unpublished, for the publish-ahead time
    assertThat(encKeys()).hasSize(1);
    admin.call("POST", "/admin/encryption-keys/" + rsaKey.path("kid").asText() + "/retire", null); // the EC key takes over now
    List<JsonNode> keys = encKeys(); // the retired RSA key stays published, and decrypting, for its retention
    assertThat(keys).hasSize(2);
    ecKey = keys.get(1);
    List<Case> cases = new ArrayList<>(List.of(
        encrypt("node-jose/zip/ec", "node-jose", ecKey, true),
        encrypt("jose/ec", "jose", ecKey, false),
        new Case("jose/nested", "nested").with("jwk", ecKey).with("signingJwk", ForeignScript.json(alice.toJwk()))
            .with("signingAlg", "ES256").with("principal", "alice").with("audience", server.url().toString())
            .with("claims", ForeignScript.json("{\"order\":7}"))));
    for (String lib : List.of("node-jose", "jose")) {
      for (String kty : List.of("rsa", "ec")) {
        JsonNode generated = before.get(lib + "/" + kty + "-key");
        String jwe = JweEncrypter.builder(EncryptionKey.parse(generated.path("publicJwk").toString())).build()
            .encrypt(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        cases.add(new Case(lib + "/decrypts/" + kty, "decrypt").with("lib", lib).with("jwe", jwe)
            .with("privateJwk", generated.path("privateJwk")));
      }
    }
    after = ForeignScript.jwe().run(cases);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void nodeJose_seedCallWithZipToTheFirstKey_serverDecryptsAfterTheRotation() {
    String jwe = before.get("node-jose/zip/rsa").path("jwe").asText();

    assertThat(header(jwe).path("zip").asText()).isEqualTo("DEF");
    assertThat(header(jwe).path("enc").asText()).isEqualTo("A128CBC-HS256"); // node-jose's default
    assertEchoed(postJose(jwe));
  }

  @Test
  @Order(1)
  void jose_toTheFirstKey_serverDecryptsAfterTheRotation() {
    assertEchoed(postJose(before.get("jose/rsa").path("jwe").asText()));
  }

  @Test
  @Order(1)
  void nodeJose_zipToTheNewEcKey_serverDecrypts() {
    String jwe = after.get("node-jose/zip/ec").path("jwe").asText();

    assertThat(header(jwe).path("alg").asText()).isEqualTo("ECDH-ES");
    assertEchoed(postJose(jwe));
  }

  @Test
  @Order(1)
  void jose_toTheNewEcKey_serverDecrypts() {
    assertEchoed(postJose(after.get("jose/ec").path("jwe").asText()));
  }

  @Test
  @Order(1)
  void jose_nestedJwtSignedByAlice_serverVerifiesTheSignerIsTheCaller() {
    HttpResponse<String> response = postJose(after.get("jose/nested").path("jwe").asText());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode payload = ApiClient.parse(response.body()).path("payload");
    assertThat(payload.path("order").asInt()).isEqualTo(7);
    assertThat(payload.path("sub").asText()).isEqualTo("alice");
  }

  @Test
  @Order(1)
  void signet_encryptsToTheirGeneratedKeys_theyDecrypt() {
    for (String id : List.of("node-jose/decrypts/rsa", "node-jose/decrypts/ec", "jose/decrypts/rsa", "jose/decrypts/ec")) {
      JsonNode result = after.get(id);

      assertThat(result.path("plaintext").asText()).as(id + ": " + result).isEqualTo(PAYLOAD);
      assertThat(result.path("header").path("enc").asText()).as(id).isEqualTo("A256GCM");
    }
  }

  @Test
  @Order(2)
  void afterTheFirstKeyIsRetiredAsCompromised_whatWasEncryptedToItIsRefused() {
    admin.call("POST", "/admin/encryption-keys/" + rsaKey.path("kid").asText() + "/retire", "{\"compromised\":true}");

    HttpResponse<String> response = postJose(before.get("jose/rsa").path("jwe").asText());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "{\"error\":\"invalid_request\",\"message\":\"the body is not a JWE this server can decrypt for this caller\"}");
    assertEchoed(postJose(after.get("jose/ec").path("jwe").asText())); // the new key still decrypts
  }

  private static Case encrypt(String id, String lib, JsonNode jwk, boolean zip) {
    return new Case(id, "encrypt").with("lib", lib).with("jwk", jwk).with("payload", PAYLOAD).with("zip", zip);
  }

  private static Case generate(String id, String lib, String kty, String alg) {
    return new Case(id, "generate").with("lib", lib).with("kty", kty).with("alg", alg);
  }

  private static List<JsonNode> encKeys() {
    List<JsonNode> keys = new ArrayList<>();
    get("/.well-known/jwks.json").path("keys").forEach(k -> {
      if (k.path("use").asText().equals("enc")) {
        keys.add(k);
      }
    });
    return keys;
  }

  private static JsonNode get(String path) {
    try {
      return ApiClient.parse(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> postJose(String jwe) {
    String token = TokenSigner.of(alice).requestToken("alice").sign(); // the seeds' plain token: accepted on /whoami
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/whoami"))
        .header("Authorization", "JWT " + token)
        .header("Content-Type", "application/jose")
        .POST(HttpRequest.BodyPublishers.ofString(jwe))
        .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertEchoed(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = ApiClient.parse(response.body());
    assertThat(answer.path("principal").asText()).isEqualTo("alice");
    assertThat(answer.path("payload")).isEqualTo(ApiClient.parse(PAYLOAD));
  }

  private static JsonNode header(String jwe) {
    return ApiClient.parse(new String(java.util.Base64.getUrlDecoder().decode(jwe.substring(0, jwe.indexOf('.'))), StandardCharsets.UTF_8));
  }
}
