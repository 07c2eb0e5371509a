package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.EncryptionKey;
import dev.signet.JweEncrypter;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /whoami} with {@code Content-Type: application/jose} (SPEC §4): a JWE to the
 * server's published {@code use: enc} key, or a nested JWT signed by the caller, decrypted and
 * echoed; every hostile or foreign body is the same 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedWhoamiTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "jwe-alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.ES256, "jwe-bob");
  static final Map<String, String> JOSE = Map.of("Content-Type", "application/jose");
  static final String REFUSED = "{\"error\":\"invalid_request\",\"message\":\"" + EncryptedBodies.REFUSED + "\"}";

  TestServer server;
  ApiClient alice;
  EncryptionKey serverKey;

  @BeforeAll
  void start() {
    server = TestServer.start();
    alice = server.createPrincipal("alice", ALICE);
    server.createPrincipal("bob", BOB);
    serverKey = EncryptionKey.parse(server.anonymous().get("/.well-known/jwks.json").body());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  Response post(byte[] body) {
    return alice.send("POST", "/whoami", body, JOSE);
  }

  Response post(String body) {
    return post(body.getBytes(StandardCharsets.US_ASCII));
  }

  String encrypt(String plaintext) {
    return JweEncrypter.builder(serverKey).build().encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  String innerToken(SigningKey key, String principal) {
    return TokenSigner.of(key, Clock.systemUTC(), null).requestToken(principal).audience(server.issuer()).sign();
  }

  @Test
  void jwks_publishesAnEncKeyBesideTheSigningKey() {
    JsonNode keys = server.anonymous().get("/.well-known/jwks.json").json().path("keys");

    assertThat(keys.findValuesAsText("use")).containsExactly("sig", "enc");
    assertThat(keys.get(1).path("alg").asText()).isEqualTo("RSA-OAEP-256");
    assertThat(serverKey.kid()).isEqualTo(keys.get(1).path("kid").asText());
    assertThat(server.anonymous().get("/keys/" + serverKey.kid()).json().path("use").asText()).isEqualTo("enc");
  }

  @Test
  void whoami_jweOfJson_decryptedAndEchoedAsJson() {
    Response response = post(encrypt("{\"card\":\"4111\"}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("principal").asText()).isEqualTo("alice");
    assertThat(response.json().path("payload").path("card").asText()).isEqualTo("4111");
  }

  @Test
  void whoami_compressedJweOfText_echoedAsText() {
    String jwe = JweEncrypter.builder(serverKey).compress().build().encrypt("hello, server".getBytes(StandardCharsets.UTF_8));

    Response response = post(jwe);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("payload").asText()).isEqualTo("hello, server");
  }

  @Test
  void whoami_nestedJwtSignedByTheCaller_innerClaimsEchoed() {
    String nested = JweEncrypter.builder(serverKey).build().encryptToken(innerToken(ALICE, "alice"));

    Response response = post(nested);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("payload").path("sub").asText()).isEqualTo("alice");
  }

  @Test
  void whoami_nestedJwtSignedByAnotherPrincipal_theOne400() {
    String nested = JweEncrypter.builder(serverKey).build().encryptToken(innerToken(BOB, "bob"));

    assertRefused(post(nested));
  }

  @Test
  void whoami_nestedJwtClaimingTheCallerButSignedByAnotherKey_theOne400() {
    String nested = JweEncrypter.builder(serverKey).build().encryptToken(innerToken(BOB, "alice"));

    assertRefused(post(nested));
  }

  @Test
  void whoami_nestedJwtReplayed_theOne400() {
    String nested = JweEncrypter.builder(serverKey).build().encryptToken(innerToken(ALICE, "alice"));

    assertThat(post(nested).status()).isEqualTo(200);
    assertRefused(post(nested));
  }

  @Test
  void whoami_nestedJwtExpired_theOne400() {
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    String inner = TokenSigner.of(ALICE, past, null).requestToken("alice").audience(server.issuer()).sign();

    assertRefused(post(JweEncrypter.builder(serverKey).build().encryptToken(inner)));
  }

  @Test
  void whoami_hostileBodies_allTheSame400() {
    String good = encrypt("{\"a\":1}");
    String[] parts = good.split("\\.");
    List<String> hostile = new ArrayList<>();
    hostile.add(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3] + "." + b64(new byte[12])); // truncated tag
    hostile.add(parts[0] + "." + parts[1] + "." + parts[2] + "." + encrypt("{\"a\":2}").split("\\.")[3] + "." + parts[4]); // swapped ciphertext
    hostile.add(header("{\"alg\":\"RSA1_5\",\"enc\":\"A256GCM\"}") + good.substring(good.indexOf('.')));
    hostile.add(header("{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"p2c\":2147483647,\"p2s\":\"AAAAAAAAAAAAAAAAAAAAAA\"}")
        + good.substring(good.indexOf('.')));
    hostile.add(header("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") + good.substring(good.indexOf('.')));
    hostile.add(header("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A128GCM\"}") + good.substring(good.indexOf('.'))); // wrong enc
    hostile.add(JweEncrypter.builder(serverKey).compress().build().encrypt(new byte[8 * 1024 * 1024])); // zip bomb
    hostile.add(innerToken(ALICE, "alice")); // a JWS, not encrypted
    hostile.add("not a jwe at all");
    hostile.add("\u00e9t\u00e9.a.b.c.d");

    for (String body : hostile) {
      assertRefused(post(body.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void whoami_fivePartsOfOneMegabyteEach_413BeforeTheBodyIsSent() throws Exception {
    String part = "A".repeat(1024 * 1024);
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(alice.uri("/whoami"))
        .expectContinue(true)
        .header("Content-Type", "application/jose")
        .header("Authorization", "JWT " + alice.token("POST", "/whoami"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(String.join(".", part, part, part, part, part)))
        .build();

    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      java.net.http.HttpResponse<String> response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(413);
    }
  }

  @Test
  void whoami_bodyUnderTheLimitButOverTheJweBound_theOne400() {
    TestServer roomy = TestServer.builder().setting("max-body-size", "1MiB").start();
    try {
      ApiClient carol = roomy.createPrincipal("carol", ALICE);
      String part = "A".repeat(120 * 1024);

      Response response = carol.send("POST", "/whoami", String.join(".", part, part, part, part, part)
          .getBytes(StandardCharsets.US_ASCII), JOSE);

      assertRefused(response);
    } finally {
      roomy.close();
    }
  }

  @Test
  void whoami_withoutAToken_401BeforeAnyDecryption() {
    Response response = server.anonymous().send("POST", "/whoami", encrypt("{}").getBytes(StandardCharsets.US_ASCII), JOSE);

    assertThat(response.status()).isEqualTo(401);
  }

  private static void assertRefused(Response response) {
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(REFUSED);
  }

  private static String header(String json) {
    return b64(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
