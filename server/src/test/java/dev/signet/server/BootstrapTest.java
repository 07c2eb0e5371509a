package dev.signet.server;

import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.SigningKey;
import dev.signet.server.config.ConfigException;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin principal on first start (SPEC §4): from {@code --admin-key}, else a one-time code. */
class BootstrapTest {

  @Test
  void start_withAdminKey_adminHasThatKeyAndNoCodeIsIssued() {
    try (TestServer server = TestServer.start()) {
      Response keys = server.admin().get("/admin/principals/admin/keys");

      assertThat(server.server().adminEnrollmentCode()).isEmpty();
      assertThat(keys.status()).isEqualTo(200);
      assertThat(keys.json().size()).isEqualTo(1);
      assertThat(keys.json().get(0).path("kid").asText()).isEqualTo(TestServer.ADMIN_KEY.kid());
      assertThat(server.admin().get("/admin/principals/admin").json().path("roles").get(0).asText()).isEqualTo("admin");
    }
  }

  @Test
  void start_withoutAdminKey_codeEnrollsTheAdminOnce() {
    try (TestServer server = TestServer.builder().withoutAdminKey().start()) {
      String code = server.server().adminEnrollmentCode().orElseThrow();
      SigningKey key = SigningKey.generateEd25519();
      ApiClient admin = server.as("admin", key).bound();
      assertThat(admin.get("/admin/principals").status()).isEqualTo(401);

      Response enrolled = server.anonymous().post("/enroll", json("code", code, "public_key", key.publicKey().toPem()));
      Response again = server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem()));

      assertThat(code).matches("[A-Za-z0-9_-]{32}");
      assertThat(enrolled.status()).isEqualTo(201);
      assertThat(enrolled.json().path("principal").asText()).isEqualTo("admin");
      assertThat(again.status()).isEqualTo(400);
      assertThat(admin.get("/admin/principals").status()).isEqualTo(200);
      assertThat(admin.get("/admin/principals/admin/keys").json().size()).isEqualTo(1);
    }
  }

  /** gh-19: the line said neither how long the code is valid nor what a restart does to it. */
  @Test
  void start_withoutAdminKey_lineSaysOneTimeHowLongUntilWhenAndWhatARestartDoes() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:37:12Z"));
    try (TestServer server = TestServer.builder().withoutAdminKey().clock(clock).start();
        TestServer longer = TestServer.builder().withoutAdminKey().clock(clock).setting("enrollment-ttl", "2d").start()) {
      String code = server.server().adminEnrollmentCode().orElseThrow();

      assertThat(server.server().adminEnrollmentLine()).contains("admin enrollment code: " + code
          + " (one-time, valid 15m, until 10:52 UTC; a restart before it is used replaces it with a new one)");
      assertThat(longer.server().adminEnrollmentLine().orElseThrow()).contains("(one-time, valid 2d, until 2026-03-03 10:37 UTC;");
    }
    try (TestServer server = TestServer.start()) {
      assertThat(server.server().adminEnrollmentLine()).isEmpty();
    }
  }

  @Test
  void restart_beforeTheCodeWasUsed_newCodeAndTheOldOneRevoked(@TempDir Path dir) {
    String first;
    try (TestServer server = TestServer.builder().withoutAdminKey().dir(dir).start()) {
      first = server.server().adminEnrollmentCode().orElseThrow();
    }
    try (TestServer server = TestServer.builder().withoutAdminKey().dir(dir).start()) {
      String second = server.server().adminEnrollmentCode().orElseThrow();

      assertThat(second).isNotEqualTo(first);
      assertThat(enroll(server, first).status()).isEqualTo(400);
      assertThat(enroll(server, second).status()).isEqualTo(201);
    }
  }

  @Test
  void restart_afterTheAdminHasAKey_noCodeAndAGivenKeyIgnored(@TempDir Path dir) {
    try (TestServer server = TestServer.builder().dir(dir).start()) {
      assertThat(server.admin().get("/whoami").status()).isEqualTo(200);
    }
    try (TestServer server = TestServer.builder().withoutAdminKey().dir(dir).start()) {
      assertThat(server.server().adminEnrollmentCode()).isEmpty();
      assertThat(server.admin().get("/admin/principals").status()).isEqualTo(200);
    }
  }

  @Test
  void start_adminKeyFileHoldsAPrivateKeyOrNoKey_configErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("admin.pem"), SigningKey.generateEd25519().toPem());
    Path garbage = Files.writeString(dir.resolve("admin.txt"), "hello");

    assertThatThrownBy(() -> TestServer.builder().setting("admin-key", secret.toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--admin-key " + secret + " is not a usable public key: "
            + "this is a private key; give the public key (the private half never leaves its owner)");
    assertThatThrownBy(() -> TestServer.builder().setting("admin-key", garbage.toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--admin-key " + garbage + " is not a usable public key: "
            + "not a key: expected PEM (-----BEGIN …), a JWK or JWKS (JSON), or an OpenSSH public key line");
  }

  private static Response enroll(TestServer server, String code) {
    return server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem()));
  }
}
