package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertClientError;
import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Enrollment over HTTP: an admin issues a one-time code ({@code POST
 * /admin/principals/{name}/enrollments}), a client binds its own public key with it ({@code POST
 * /enroll}). Codes work once, also under 50 concurrent requests, expire after {@code
 * --enrollment-ttl} (here 10 minutes on a clock the test moves), and every refusal of a code looks
 * the same to the client.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrollmentRoutesTest {
  static final String INVALID_CODE = "invalid or expired enrollment code";

  final MutableClock clock = MutableClock.now();
  @Parameter Backend backend;
  TestServer server;
  ApiClient admin;
  int round;
  String name;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).clock(clock).setting("enrollment-ttl", "10m").start();
    admin = server.admin();
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) { // null when the start was aborted (no PostgreSQL here): a skip, not a failure
      server.close();
    }
  }

  @BeforeEach
  void freshPrincipal() {
    name = "device" + (++round);
    assertThat(admin.post("/admin/principals", json("name", name)).status()).isEqualTo(201);
  }

  @Test
  void enroll_codeFromAdmin_keyRegisteredForThePrincipalAndAuthenticates() {
    SigningKey key = SigningKey.generateEd25519();

    Response issued = admin.post("/admin/principals/" + name + "/enrollments", "");
    assertThat(issued.status()).isEqualTo(201);
    assertThat(issued.json().path("principal").asText()).isEqualTo(name);
    assertThat(Instant.parse(issued.json().path("expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    String code = issued.json().path("code").asText();
    assertThat(code).matches("[A-Za-z0-9_-]{32}");

    Response enrolled = server.anonymous().post("/enroll", json("code", code, "public_key", key.publicKey().toPem()));

    assertThat(enrolled.status()).isEqualTo(201);
    assertThat(enrolled.json().path("principal").asText()).isEqualTo(name);
    assertThat(enrolled.json().path("kid").asText()).isEqualTo(key.kid());
    assertThat(enrolled.json().path("enrollment_id").asLong()).isEqualTo(issued.json().path("id").asLong());
    assertThat(server.as(name, key).get("/whoami").json().path("principal").asText()).isEqualTo(name);
  }

  @Test
  void enroll_jwkObjectAndCodeWithWhitespace_accepted() {
    SigningKey key = SigningKey.generateEd25519();
    String code = issue();

    Response enrolled = server.anonymous().post("/enroll",
        "{\"code\":\" " + code + "\\n\",\"public_key\":" + key.publicKey().toJwk() + "}");

    assertThat(enrolled.status()).isEqualTo(201);
  }

  @Test
  void enroll_codeUsedTwice_400GenericAndSecondKeyNotStored() {
    String code = issue();
    SigningKey first = SigningKey.generateEd25519();
    SigningKey second = SigningKey.generateEd25519();
    assertThat(enroll(code, first).status()).isEqualTo(201);

    assertBadRequest(enroll(code, second), INVALID_CODE);

    assertThat(keysOf(name)).containsExactly(first.kid());
  }

  @Test
  void enroll_unknownMalformedRevokedOrExpiredCode_sameGeneric400() {
    SigningKey key = SigningKey.generateEd25519();
    String revoked = issue();
    long revokedId = enrollments(name).get(0).path("id").asLong();
    assertThat(admin.delete("/admin/principals/" + name + "/enrollments/" + revokedId).json().path("status").asText())
        .isEqualTo("revoked");
    String expiring = issue();

    assertBadRequest(enroll("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", key), INVALID_CODE);
    assertBadRequest(enroll("not a code", key), INVALID_CODE);
    assertBadRequest(enroll(revoked, key), INVALID_CODE);
    clock.advance(Duration.ofMinutes(10));
    try {
      assertBadRequest(enroll(expiring, key), INVALID_CODE);
    } finally {
      clock.advance(Duration.ofMinutes(-10));
    }
    assertBadRequest(server.anonymous().post("/enroll", json("public_key", key.publicKey().toPem())), "field 'code' is required");
    assertBadRequest(server.anonymous().post("/enroll", json("code", " ", "public_key", key.publicKey().toPem())), "field 'code' is required");
    assertThat(keysOf(name)).isEmpty();
  }

  @Test
  void enroll_fiftyConcurrentRequestsWithOneCode_exactlyOne201() throws Exception {
    String code = issue();
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(SigningKey.generateEd25519());
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<Response>> answers = new ArrayList<>();
    try {
      for (SigningKey key : keys) {
        answers.add(pool.submit(() -> {
          start.await();
          return enroll(code, key);
        }));
      }
      start.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> answer : answers) {
        responses.add(answer.get());
      }

      assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
      assertThat(responses).filteredOn(r -> r.status() != 201)
          .hasSize(49)
          .allSatisfy(r -> assertBadRequest(r, INVALID_CODE));
      String winner = responses.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().json().path("kid").asText();
      assertThat(keysOf(name)).containsExactly(winner);
      assertThat(enrollments(name).get(0).path("used_kid").asText()).isEqualTo(winner);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void enrollments_adminSeesWhichKeyEnrolledAndCanDeleteIt() {
    SigningKey key = SigningKey.generateEd25519();
    String code = issue();
    enroll(code, key);

    Response listed = admin.get("/admin/principals/" + name + "/enrollments");
    JsonNode enrollment = listed.json().get(0);

    assertThat(listed.body()).doesNotContain(code);
    assertThat(enrollment.path("status").asText()).isEqualTo("used");
    assertThat(enrollment.path("used_kid").asText()).isEqualTo(key.kid());
    assertThat(enrollment.path("used_thumbprint").asText()).isEqualTo(key.publicKey().thumbprint());
    assertThat(enrollment.path("used_at").asText()).isNotEmpty();
    assertThat(enrollment.path("created_by").asText()).isEqualTo("admin");
    assertThat(admin.delete("/admin/principals/" + name + "/keys/" + key.kid()).status()).isEqualTo(204);
    assertInvalidToken(server.as(name, key).get("/whoami"));
    Response revokeUsed = admin.delete("/admin/principals/" + name + "/enrollments/" + enrollment.path("id").asLong());
    assertClientError(revokeUsed, 409);
    assertThat(revokeUsed.json().path("message").asText()).startsWith("enrollment " + enrollment.path("id").asLong()
        + " of principal '" + name + "' was used at ").endsWith("(kid '" + key.kid() + "'); delete the key instead");
  }

  @Test
  void enroll_keyTheRegistryRefuses_4xxAndTheCodeStaysUsable() {
    server.createPrincipal("taken-" + name, TestKeys.of(Algorithm.ES256, "enrollment-taken-" + name));
    String code = issue();

    Response taken = enroll(code, TestKeys.of(Algorithm.ES256, "enrollment-taken-" + name));
    Response secret = server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().toPem()));
    Response weak = server.anonymous().post("/enroll", json("code", code, "public_key", "ssh-rsa AAAA"));

    assertClientError(taken, 409);
    assertThat(taken.json().path("message").asText())
        .isEqualTo("this key cannot be registered here; if it is yours, ask an admin (request " + taken.header("X-Request-Id") + ")");
    assertBadRequest(secret, "this is a private key; give the public key (the private half never leaves its owner)");
    assertClientError(weak, 400);
    assertThat(enroll(code, SigningKey.generateEd25519()).status()).isEqualTo(201);
  }

  @Test
  void createEnrollment_ttlGivenOrOutOfRange_expiresThenOr400() {
    Response minute = admin.post("/admin/principals/" + name + "/enrollments", json("ttl", "PT1M"));

    assertThat(Instant.parse(minute.json().path("expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertBadRequest(admin.post("/admin/principals/" + name + "/enrollments", json("ttl", "PT0S")),
        "field 'ttl' must be a positive duration of at most PT168H, not PT0S");
    assertBadRequest(admin.post("/admin/principals/" + name + "/enrollments", json("ttl", "-PT1M")),
        "field 'ttl' must be a positive duration of at most PT168H, not PT-1M");
    assertBadRequest(admin.post("/admin/principals/" + name + "/enrollments", json("ttl", "P8D")),
        "field 'ttl' must be a positive duration of at most PT168H, not PT192H");
    Response unknown = admin.post("/admin/principals/nobody/enrollments", "");
    assertClientError(unknown, 404);
    assertThat(unknown.json().path("message").asText()).isEqualTo("no principal named 'nobody'");
  }

  @Test
  void revokeEnrollment_unknownOrBadId_404Or400() {
    assertClientError(admin.delete("/admin/principals/" + name + "/enrollments/999999"), 404);
    assertBadRequest(admin.delete("/admin/principals/" + name + "/enrollments/abc"),
        "enrollment id must be a number from 1 to 2147483647");
    assertBadRequest(admin.delete("/admin/principals/" + name + "/enrollments/0"),
        "enrollment id must be a number from 1 to 2147483647");
  }

  private String issue() {
    Response issued = admin.post("/admin/principals/" + name + "/enrollments", "");
    assertThat(issued.status()).isEqualTo(201);
    return issued.json().path("code").asText();
  }

  private Response enroll(String code, SigningKey key) {
    return server.anonymous().post("/enroll", json("code", code, "public_key", key.publicKey().toPem()));
  }

  private List<JsonNode> enrollments(String principal) {
    List<JsonNode> list = new ArrayList<>();
    admin.get("/admin/principals/" + principal + "/enrollments").json().forEach(list::add);
    return list;
  }

  private List<String> keysOf(String principal) {
    List<String> kids = new ArrayList<>();
    admin.get("/admin/principals/" + principal + "/keys").json().forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }
}
