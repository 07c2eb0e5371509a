package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.audit.SafeText;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.LogCapture;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Text from a request never starts a line of the server's log or holds a line break in an audit
 * row (issue 12, item 6: a token whose {@code jku} held {@code "\r\nFORGED … admin login ok"} put a
 * forged line in the log through the JOSE parser's error message).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogInjectionTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final String FORGED = "\r\n12:00:00.000 INFO  d.s.s.h.RequestTokenAuthentication - FORGED admin login ok\u2028\u0085\u202e";
  static final byte[] NO_BODY = new byte[0];

  TestServer server;
  ApiClient alice;

  @BeforeAll
  void start() {
    server = TestServer.start();
    alice = server.createPrincipal("alice", ALICE);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** Every captured message: none may hold a character that ends or hides a line. */
  private static void assertOneLineEach(List<String> lines) {
    for (String line : lines) {
      String message = line.contains("\n\tat ") ? line.substring(0, line.indexOf('\n')) : line; // a stack trace may span lines
      assertThat(message).as("log line").doesNotContain("\r", "\n", "\u2028", "\u2029", "\u0085", "\u202e");
    }
  }

  @Test // gh-12 item 6
  void tokenWithLineBreaksInItsHeader_loggedAndAuditedOnOneLine() throws InterruptedException {
    List<String> tokens = List.of(
        TestTokens.signedBy(ALICE).header("jku", FORGED).compatible("alice").sign(),
        TestTokens.signedBy(ALICE).header("kid", FORGED).compatible("alice").sign(),
        TestTokens.signedBy(ALICE).header("x5u", FORGED).compatible("alice").sign(),
        TestTokens.signedBy(ALICE).header("typ", FORGED).compatible("alice").sign());
    String nonce = TestTokens.signedBy(ALICE).compatible("alice").claim("nonce", FORGED).sign();
    try (LogCapture logs = LogCapture.start()) {
      for (String token : tokens) {
        assertThat(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token).status()).isEqualTo(401);
      }
      alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + nonce);
      assertThat(alice.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + nonce).status()).isEqualTo(401); // replayed: the nonce is quoted

      assertThat(logs.lines()).anyMatch(l -> l.contains("\\u000d\\u000a")); // the injected text reached the log, escaped
      assertOneLineEach(logs.lines());
    }
    for (int i = 0; i < 100 && server.admin().get("/admin/audit?principal=alice&action=authenticate").json().size() < tokens.size(); i++) {
      Thread.sleep(100);
    }
    server.admin().get("/admin/audit?principal=alice&action=authenticate&limit=1000").json()
        .forEach(row -> row.forEach(field -> assertThat(field.asText()).doesNotContain("\r", "\n", "\u2028", "\u0085", "\u202e")));
  }

  @Test
  void requestTextInErrorMessages_loggedOnOneLine() {
    try (LogCapture logs = LogCapture.start()) {
      server.admin().post("/admin/principals", "{\"na\\r\\nFORGED me\":1}"); // unknown field, named in the message
      server.admin().post("/admin/principals", ApiClient.json("name", "x\r\nFORGED"));
      server.anonymous().post("/enroll", ApiClient.json("code", "A".repeat(31) + "\n", "public_key", "x"));
      server.anonymous().get("/whoami%0d%0aFORGED");
      RawHttp.exchange(server.port(), "GET /whoami HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rFORGED\r\nConnection: close\r\n\r\n");
      alice.bound().send("POST", "/me/keys", "{\"public_key\":\"\\u2028\"}".getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json"));

      assertThat(logs.lines()).anyMatch(l -> l.contains("FORGED"));
      assertOneLineEach(logs.lines());
    }
  }

  @Test
  void escape_lineBreaksAndInvisibleCharacters_escapedPrintableTextKept() {
    assertThat(SafeText.escape("a\r\nb\u2028c\u0085d\u202ee\u0000f\tg")).isEqualTo("a\\u000d\\u000ab\\u2028c\\u0085d\\u202ee\\u0000f\\u0009g");
    assertThat(SafeText.escape("plain \\u000a text, ünïcödé, \uD83D\uDE00")).isEqualTo("plain \\u000a text, ünïcödé, \uD83D\uDE00");
    assertThat(SafeText.escape("lone \uD83D surrogate")).isEqualTo("lone \\ud83d surrogate");
    assertThat(SafeText.escape(SafeText.escape("a\nb"))).isEqualTo("a\\u000ab");
    assertThat(SafeText.escape(null)).isNull();
  }
}
