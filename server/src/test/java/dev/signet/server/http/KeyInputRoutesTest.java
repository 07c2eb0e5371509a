package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertClientError;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.TestKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route that takes key text ({@code POST /enroll}, {@code POST /me/keys}, {@code POST
 * /admin/principals/{name}/keys}) refuses oversized key text before parsing it, and {@code /enroll}
 * looks at the code before the key (issue 12, item 1: a crafted OpenSSH line cost 43 s of CPU, and
 * {@code /enroll} parsed it for anyone, code or not). The adversarial texts within the size bound
 * are refused quickly once core's parsers are linear (another change); here they must be 4xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyInputRoutesTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");

  TestServer server;
  ApiClient admin;
  ApiClient alice;
  String code;

  @BeforeAll
  void start() {
    server = TestServer.start();
    admin = server.admin();
    alice = server.createPrincipal("alice", ALICE).bound();
    code = admin.post("/admin/principals/alice/enrollments", "").json().path("code").asText();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** Each key route, posting {@code publicKey} as its {@code public_key}. */
  private Map<String, Function<Object, Response>> routes() {
    Map<String, Function<Object, Response>> routes = new LinkedHashMap<>();
    routes.put("POST /enroll", key -> server.anonymous().post("/enroll", json("code", code, "public_key", key)));
    routes.put("POST /me/keys", key -> alice.post("/me/keys", json("public_key", key)));
    routes.put("POST /admin/principals/alice/keys", key -> admin.post("/admin/principals/alice/keys", json("public_key", key)));
    return routes;
  }

  @Test // gh-12 item 1
  void everyKeyRoute_keyTextOverTheBound_400SayingSoWithoutParsing() {
    String crafted = "ssh-rsa A" + " ".repeat(60_000) + "\u2028x";
    Map<String, Object> bigJwk = Map.of("kty", "RSA", "n", "A".repeat(5000), "e", "AQAB");
    int keys = keyCount();

    routes().forEach((route, post) -> {
      assertBadRequest(post.apply(crafted), "field 'public_key' is 60011 characters; a public key is at most 4096");
      assertBadRequest(post.apply(bigJwk), "field 'public_key' is 5031 characters; a public key is at most 4096");
    });
    assertThat(keyCount()).isEqualTo(keys);
  }

  private int keyCount() {
    return admin.get("/admin/principals/alice/keys").json().size();
  }

  @Test // gh-12 item 1: the key was parsed first, and the answer was about the key
  void enroll_badCodeAndABadKey_refusedForTheCode() {
    for (String badCode : new String[] {"not-a-code", "A".repeat(32)}) {
      Response response = server.anonymous().post("/enroll", json("code", badCode, "public_key", "not a key"));

      assertBadRequest(response, "invalid or expired enrollment code");
    }
  }

  @Test
  void enroll_validCodeAndAnUnparseableKey_400AndTheCodeStaysUsable() {
    String own = admin.post("/admin/principals/alice/enrollments", "").json().path("code").asText();

    assertThat(server.anonymous().post("/enroll", json("code", own, "public_key", "not a key")).status()).isEqualTo(400);
    Response enrolled = server.anonymous().post("/enroll",
        json("code", own, "public_key", TestKeys.of(Algorithm.ES256, "alice-2").publicKey().toPem()));
    assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(201);
  }

  @Test
  void everyKeyRoute_adversarialKeyTextWithinTheBound_4xx() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("spaces then a line separator", "ssh-rsa A" + " ".repeat(4000) + "\u2028x");
    texts.put("tabs and no-break spaces", "ssh-ed25519 " + "\t\u00a0".repeat(2000) + "AAAA");
    texts.put("type repeated", "ssh-rsa ".repeat(500));
    texts.put("long base64 without a key", "ssh-rsa " + "A".repeat(4000));
    texts.put("armour without end", "-----BEGIN PUBLIC KEY-----\n" + "\n".repeat(4000));
    texts.put("armour nested", "-----BEGIN PUBLIC KEY-----\n".repeat(150));
    texts.put("end before begin", "-----END PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----\n");
    texts.put("long armour label", "-----BEGIN " + "A".repeat(4000) + "-----");
    texts.put("dashes", "-".repeat(4096));
    texts.put("exactly the bound", "A".repeat(4096));
    int keys = keyCount();

    routes().forEach((route, post) -> texts.forEach((what, text) ->
        assertClientError(post.apply(text), 400)));
    assertThat(keyCount()).isEqualTo(keys);
  }
}
