package dev.signet.server.http;

import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.LogCapture;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit trail over HTTP: every authentication decision and every registry change about a
 * principal is in {@code GET /admin/audit?principal=…}, and no token, code or key ever appears
 * in an audit row or a log line.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
class AuditTest {
  @Parameter Backend backend;

  static final SigningKey ERIN = TestKeys.of(Algorithm.ES256, "audit-erin");
  static final SigningKey MALLORY = TestKeys.of(Algorithm.ES256, "audit-mallory");
  static final byte[] NO_BODY = new byte[0];

  /** What must never be logged or audited, collected as the test sends it. */
  final List<String> secrets = new ArrayList<>();

  @Test
  void everyDecisionAndChange_auditedAndQueryable_withoutSecretsInAuditOrLogs() throws Exception {
    try (LogCapture logs = LogCapture.start(); TestServer server = TestServer.builder().backend(backend).start()) {
      ApiClient admin = server.admin();
      ApiClient erin = server.createPrincipal("erin", ERIN);                             // principal.create, key.add
      secret(ERIN.toPem());
      secret(ERIN.publicKey().toPem());

      send(erin, erin.token("GET", "/whoami"));                                           // success, compatible
      send(erin, erin.standard(server.issuer()).token("GET", "/whoami"));                // success, standard
      String replayed = erin.token("GET", "/whoami");
      send(erin, replayed);
      send(erin, replayed);                                                               // REPLAYED
      send(erin, TestTokens.signedBy(MALLORY).header("kid", ERIN.kid()).compatible("erin").sign()); // BAD_SIGNATURE
      send(erin, TestTokens.signedBy(ERIN).compatible("erin").issuedAt(Instant.now().minusSeconds(120)).sign()); // EXPIRED
      send(erin, TestTokens.signedBy(ERIN).standard("erin", "http://elsewhere.example").sign()); // WRONG_AUDIENCE
      send(erin, erin.bound().token("POST", "/whoami"));                                  // BINDING_MISMATCH
      send(erin, TestTokens.signedBy(ERIN).compatible("erin").header("alg", "none").unsigned()); // UNSUPPORTED_ALGORITHM
      send(erin, TestTokens.signedBy(MALLORY).compatible("erin").sign());                 // UNKNOWN_KEY
      assertThat(erin.get("/admin/principals").status()).isEqualTo(403);                 // FORBIDDEN: not an admin

      admin.patch("/admin/principals/erin", json("scopes", List.of("orders:read")));     // principal.update
      SigningKey next = SigningKey.generateEd25519();
      secret(next.toPem());
      secret(next.publicKey().toPem());
      erin.post("/me/keys", json("public_key", next.publicKey().toPem()));               // key.add by erin
      admin.patch("/admin/principals/erin/keys/" + next.kid(), json("disabled", true));  // key.disable
      admin.patch("/admin/principals/erin/keys/" + next.kid(), json("disabled", false)); // key.enable
      erin.post("/me/keys", json("public_key", next.toPem()));                            // refused: a private key
      erin.delete("/me/keys/" + next.kid());                                               // key.delete by erin
      String code = admin.post("/admin/principals/erin/enrollments", "").json().path("code").asText(); // enrollment.create
      secret(code);
      SigningKey enrolled = SigningKey.generateEd25519();
      secret(enrolled.publicKey().toPem());
      server.anonymous().post("/enroll", json("code", code, "public_key", enrolled.publicKey().toPem())); // enrollment.redeem
      server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem())); // used
      server.anonymous().post("/enroll", "{\"code\": " + code + "}");                    // malformed, the code unquoted
      String revoked = admin.post("/admin/principals/erin/enrollments", "").json().path("code").asText();
      secret(revoked);
      long revokedId = admin.get("/admin/principals/erin/enrollments").json().get(0).path("id").asLong();
      admin.delete("/admin/principals/erin/enrollments/" + revokedId);                    // enrollment.revoke
      admin.patch("/admin/principals/erin", json("enabled", false));
      send(erin, erin.token("GET", "/whoami"));                                           // UNKNOWN_PRINCIPAL

      // the writer is asynchronous: wait for the last event sent, not for a count that an earlier batch may reach
      List<JsonNode> rows = awaitRows(admin, "erin", "erin authenticate erin failure UNKNOWN_PRINCIPAL");

      assertThat(rows).extracting(AuditTest::describe).contains(
          "admin principal.create erin success",
          "admin key.add erin success",
          "erin authenticate erin success compatible",
          "erin authenticate erin success standard",
          "erin authenticate erin failure REPLAYED",
          "erin authenticate erin failure BAD_SIGNATURE",
          "erin authenticate erin failure EXPIRED",
          "erin authenticate erin failure WRONG_AUDIENCE",
          "erin authenticate erin failure BINDING_MISMATCH",
          "erin authenticate erin failure UNSUPPORTED_ALGORITHM",
          "erin authenticate erin failure UNKNOWN_KEY",
          "erin authenticate erin failure UNKNOWN_PRINCIPAL",
          "erin authorize erin failure FORBIDDEN",
          "admin principal.update erin success",
          "erin key.add erin success",
          "admin key.disable erin success",
          "admin key.enable erin success",
          "erin key.delete erin success",
          "admin enrollment.create erin success",
          "erin enrollment.redeem erin success",
          "erin enrollment.redeem erin failure enrollment code was used already",
          "admin enrollment.revoke erin success");
      assertThat(rows).allSatisfy(row -> assertThat(row.path("request_id").asText()).isNotEmpty());
      assertThat(rows).filteredOn(row -> row.path("reason").asText().startsWith("BAD_SIGNATURE"))
          .singleElement().satisfies(row -> assertThat(row.path("kid").asText()).as("the kid the token named").isEqualTo(ERIN.kid()));
      assertThat(rows).filteredOn(row -> row.path("reason").asText().startsWith("FORBIDDEN"))
          .singleElement().satisfies(row -> assertThat(row.path("kid").asText()).isEqualTo(ERIN.kid()));
      Response onlyKeyAdds = admin.get("/admin/audit?principal=erin&action=key.add");
      assertThat(onlyKeyAdds.json()).extracting(r -> r.path("action").asText()).containsOnly("key.add").hasSize(3); // admin, /me/keys, enrollment
      assertThat(admin.get("/admin/audit?principal=erin&limit=3").json()).hasSize(3);
      assertThat(admin.get("/admin/audit?principal=erin&since=2999-01-01T00:00:00Z").json()).isEmpty();
      admin.delete("/admin/principals/erin");
      assertThat(awaitRows(admin, "erin", "admin principal.delete erin success")).isNotEmpty();

      String audit = admin.get("/admin/audit?principal=erin&limit=1000").body() + admin.get("/admin/audit?principal=admin&limit=1000").body();
      assertNoSecrets("audit rows", List.of(audit));
      assertNoSecrets("log lines", logs.lines());
      assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains("JWT ey") || line.contains("Bearer ey"));
    }
  }

  private void send(ApiClient client, String token) {
    secret(token);
    client.sendWithAuthorization("GET", "/whoami", NO_BODY, "JWT " + token);
  }

  /** Remembers {@code value} and its telling parts: a token's signature, a PEM's first base64 line. */
  private void secret(String value) {
    secrets.add(value);
    if (value.startsWith("ey")) {
      String signature = value.substring(value.lastIndexOf('.') + 1);
      if (signature.length() > 16) {
        secrets.add(signature);
      }
    } else if (value.startsWith("-----BEGIN")) {
      secrets.add(value.lines().skip(1).findFirst().orElseThrow().substring(0, 40));
    } else {
      secrets.add(value.substring(0, 16));
    }
  }

  private void assertNoSecrets(String where, List<String> texts) {
    assertThat(secrets).hasSizeGreaterThan(30);
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("%s must not contain %s", where, secret).doesNotContain(secret);
      }
      assertThat(text).as(where).doesNotContain("PRIVATE KEY");
    }
    String d = ApiClient.tree(ERIN.toJwk()).path("d").asText();
    assertThat(String.join("\n", texts)).doesNotContain(d);
  }

  /** The principal's audit rows, once one of them reads {@code last} (as {@link #describe} puts it). */
  private static List<JsonNode> awaitRows(ApiClient admin, String principal, String last) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<JsonNode> rows = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      rows.clear();
      admin.get("/admin/audit?principal=" + principal + "&limit=1000").json().forEach(rows::add);
      if (rows.stream().map(AuditTest::describe).anyMatch(last::equals)) {
        return rows;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no audit row '" + last + "' for " + principal + " within 10 s: " + rows);
  }

  /** {@code actor action subject outcome [reason up to its first ':' or '(' ]}. */
  private static String describe(JsonNode row) {
    String reason = row.path("reason").asText("");
    String shortReason = reason.split("[:(,]")[0].strip();
    String head = row.path("actor").asText() + " " + row.path("action").asText() + " " + row.path("subject").asText() + " "
        + row.path("outcome").asText();
    return row.path("action").asText().equals("authenticate") || row.path("outcome").asText().equals("failure")
        ? head + " " + shortReason : head;
  }
}
