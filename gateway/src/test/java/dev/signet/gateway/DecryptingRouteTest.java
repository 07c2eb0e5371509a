package dev.signet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.DecryptionKey;
import dev.signet.EncryptionKey;
import dev.signet.JweEncrypter;
import dev.signet.KeyManagement;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.VerificationKey;
import dev.signet.gateway.config.ConfigException;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decrypt: true} routes end to end: a client encrypts to the key the gateway publishes, the
 * upstream gets the plaintext; every bad body is the same 400 (413 when too large) and never
 * reaches the upstream.
 */
class DecryptingRouteTest {
  static final String REFUSED = "{\"error\":\"invalid_request\"}";
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.ES256, "bob");
  static final DecryptionKey GATEWAY_KEY = DecryptionKey.generate(KeyManagement.ECDH_ES);
  static Upstream upstream;
  static Gateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    upstream = new Upstream();
    Files.writeString(dir.resolve("keys.jwks"), VerificationKey.toJwks(List.of(ALICE.publicKey(), BOB.publicKey())));
    Files.writeString(dir.resolve("enc.pem"), GATEWAY_KEY.toPem());
    gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        encryption_key: enc.pem
        request_tokens:
          keys: {alice: keys.jwks, bob: keys.jwks}
        routes:
          - {path: /sealed, upstream: %1$s, auth: none, decrypt: true}
          - {path: /signed, upstream: %1$s, auth: request-token, decrypt: true}
          - {path: /open, upstream: %1$s, auth: none}
        """.formatted(upstream.url())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
  }

  static EncryptionKey published() {
    HttpResponse<String> jwks = Fixture.get(gateway.uri().resolve("/.well-known/jwks.json"));
    assertThat(jwks.statusCode()).isEqualTo(200);
    return EncryptionKey.parse(jwks.body());
  }

  static HttpResponse<String> post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.uri().resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return Fixture.send(b.build());
  }

  static String requestToken(SigningKey key, String principal) {
    return TokenSigner.of(key).requestToken(principal).audience(gateway.uri().toString()).sign();
  }

  @Test
  void jwks_servesTheGatewaysPublicEncryptionKey() {
    HttpResponse<String> r = Fixture.get(gateway.uri().resolve("/.well-known/jwks.json"));

    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("\"use\":\"enc\"").contains("\"alg\":\"ECDH-ES\"").doesNotContain("\"d\"");
    EncryptionKey key = published();
    assertThat(key.kid()).isEqualTo(EncryptionKey.of(GATEWAY_KEY.encryptionKey().key()).kid());
    assertThat(key.key()).isEqualTo(GATEWAY_KEY.encryptionKey().key());
  }

  @Test
  void post_jweToThePublishedKey_upstreamGetsThePlaintextAsJson() {
    String jwe = JweEncrypter.builder(published()).compress().build().encrypt("{\"card\":\"4111\"}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> r = post("/sealed/pay", "application/jose", jwe);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Upstream.Seen seen = upstream.last();
    assertThat(seen.uri()).isEqualTo("/sealed/pay");
    assertThat(seen.body()).isEqualTo("{\"card\":\"4111\"}");
    assertThat(seen.header("Content-Type")).containsExactly("application/json");
    assertThat(seen.header("Content-Length")).containsExactly("15");
  }

  @Test
  void post_jweWithAMediaTypeCty_forwardedWithThatType() {
    EncryptionKey key = published();
    HttpResponse<String> r = post("/sealed", "application/jose", JweEncrypter.builder(key).build().encrypt("hi".getBytes(StandardCharsets.UTF_8), "text/plain"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("Content-Type")).containsExactly("text/plain");
    assertThat(upstream.last().body()).isEqualTo("hi");

    r = post("/sealed", "application/jose", JweEncrypter.builder(key).build().encrypt("<a/>".getBytes(StandardCharsets.UTF_8), "xml"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("Content-Type")).containsExactly("application/xml");
  }

  @Test
  void post_hostileBodies_allTheSame400_neverUpstream() {
    EncryptionKey key = published();
    String good = JweEncrypter.builder(key).build().encrypt("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    String[] parts = good.split("\\.", -1);
    char last = parts[3].charAt(0);
    parts[3] = (last == 'A' ? 'B' : 'A') + parts[3].substring(1);
    String tampered = String.join(".", parts);
    String wrongKey = JweEncrypter.builder(DecryptionKey.generate(KeyManagement.ECDH_ES).encryptionKey()).build()
        .encrypt("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    String zipBomb = JweEncrypter.builder(key).compress().build().encrypt(new byte[8 << 20]);
    String nestedOnPublicRoute = JweEncrypter.builder(key).build().encryptToken(requestToken(ALICE, "alice"));
    String badCty = JweEncrypter.builder(key).build().encrypt("x".getBytes(StandardCharsets.UTF_8), "text/plain\u0007");
    int before = upstream.count();

    for (String body : List.of(tampered, good.substring(0, good.length() - 4), wrongKey, zipBomb, nestedOnPublicRoute, badCty, "junk", "")) {
      HttpResponse<String> r = post("/sealed", "application/jose", body);

      assertThat(r.statusCode()).as(body.length() > 40 ? body.substring(0, 40) : body).isEqualTo(400);
      assertThat(r.body()).isEqualTo(REFUSED);
    }
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void post_oversizedBody_413_neverUpstream() {
    int before = upstream.count();

    // refused by its Content-Length before a byte of it is read, and the connection then closes: a client that
    // sends such a body without Expect: 100-continue may still be writing it and never see the answer (as with the server)
    HttpResponse<String> r = Fixture.send(HttpRequest.newBuilder(gateway.uri().resolve("/sealed")).timeout(Duration.ofSeconds(20))
        .expectContinue(true).header("Content-Type", "application/jose")
        .POST(HttpRequest.BodyPublishers.ofString("A".repeat(600 * 1024))).build());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"error\":\"request_too_large\"}");
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void post_notJoseOnADecryptRoute_415_butGetWithoutBodyPasses() {
    int before = upstream.count();

    HttpResponse<String> r = post("/sealed", "application/json", "{\"n\":1}");

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(upstream.count()).isEqualTo(before);
    assertThat(Fixture.get(gateway.uri().resolve("/sealed/x")).statusCode()).isEqualTo(200);
    assertThat(post("/open", "application/json", "{\"n\":1}").statusCode()).as("no decrypt: untouched").isEqualTo(200);
    assertThat(upstream.last().body()).isEqualTo("{\"n\":1}");
  }

  @Test
  void post_nestedJwtSignedByTheCaller_upstreamGetsItsClaims() {
    String jwe = JweEncrypter.builder(published()).build().encryptToken(requestToken(ALICE, "alice"));

    HttpResponse<String> r = post("/signed/x", "application/jose", jwe, "Authorization", "JWT " + requestToken(ALICE, "alice"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("alice");
    assertThat(upstream.last().header("Content-Type")).containsExactly("application/json");
    assertThat(upstream.last().body()).startsWith("{").contains("\"sub\":\"alice\"");
  }

  @Test
  void post_nestedJwtSignedByAnotherPrincipal_400_neverUpstream() {
    String jwe = JweEncrypter.builder(published()).build().encryptToken(requestToken(BOB, "bob"));
    int before = upstream.count();

    HttpResponse<String> r = post("/signed/x", "application/jose", jwe, "Authorization", "JWT " + requestToken(ALICE, "alice"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(REFUSED);
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void rsaEncryptionKey_publishedForRsaOaep256_andDecrypts(@TempDir Path dir) throws IOException {
    DecryptionKey rsa = DecryptionKey.generateRsa(2048);
    Files.writeString(dir.resolve("enc.pem"), rsa.toPem());
    try (Gateway rsaGateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        encryption_key: enc.pem
        routes:
          - {path: /sealed, upstream: %s, auth: none, decrypt: true}
        """.formatted(upstream.url())))) {
      HttpResponse<String> jwks = Fixture.get(rsaGateway.uri().resolve("/.well-known/jwks.json"));
      EncryptionKey key = EncryptionKey.parse(jwks.body());
      assertThat(key.algorithm()).isEqualTo(KeyManagement.RSA_OAEP_256);

      HttpResponse<String> r = Fixture.send(HttpRequest.newBuilder(rsaGateway.uri().resolve("/sealed")).header("Content-Type", "application/jose")
          .POST(HttpRequest.BodyPublishers.ofString(JweEncrypter.builder(key).build().encrypt("[1]".getBytes(StandardCharsets.UTF_8)))).build());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(upstream.last().body()).isEqualTo("[1]");
    }
  }

  @Test
  void start_unusableEncryptionKey_refusedNamingTheField(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("enc.pem"), GATEWAY_KEY.encryptionKey().toJwk());

    assertThatThrownBy(() -> Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        encryption_key: enc.pem
        routes:
          - {path: /sealed, upstream: http://127.0.0.1:9, auth: none, decrypt: true}
        """))).isInstanceOf(ConfigException.class).hasMessageContaining("encryption_key").hasMessageContaining("enc.pem");
  }
}
