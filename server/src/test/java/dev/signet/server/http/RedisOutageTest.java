package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.http.HttpAssertions.awaitOk;
import static dev.signet.server.http.HttpAssertions.assertUnavailable;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.redis.TestRedis.RedisProcess;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.FreePort;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server with {@code --redis} while its Redis goes away and comes back (a redis-server of this
 * test's own, stopped through its process handle): request-token routes fail closed with 503,
 * readiness says so, and both recover without a restart.
 */
class RedisOutageTest {
  private static final Logger log = LoggerFactory.getLogger(RedisOutageTest.class);
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "redis-outage-alice");

  @Test
  void requestTokenRoutes_redisStopsAndComesBack_503ThenRecoverWithoutRestart() throws Exception {
    int port = FreePort.pick();
    RedisProcess redis = RedisProcess.start(port);
    try (TestServer server = TestServer.builder().setting("redis", redis.url()).withManagement().start()) {
      ApiClient alice = server.createPrincipal("alice", ALICE);
      ApiClient admin = server.admin();
      assertThat(alice.get("/whoami").status()).isEqualTo(200);
      assertThat(server.management().get("/readyz").body())
          .isEqualTo("{\"status\":\"ready\",\"checks\":{\"database\":\"up\",\"redis\":\"up\"}}");
      String code = admin.post("/admin/principals/alice/enrollments", "").json().path("code").asText();

      redis.stop();

      assertUnavailable(alice.get("/whoami"));
      assertUnavailable(alice.standard(server.issuer()).bound().post("/whoami", "{}"));
      assertUnavailable(alice.get("/me/keys"));
      assertUnavailable(admin.get("/admin/principals"));
      Response ready = server.management().get("/readyz");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("{\"status\":\"unavailable\",\"checks\":{\"database\":\"up\",\"redis\":\"down\"}}");
      assertThat(server.anonymous().get("/readyz").body()).isEqualTo("{\"status\":\"unavailable\"}");
      assertThat(server.anonymous().get("/healthz").status()).isEqualTo(200);
      // a token that fails before the replay check is still a 401, and no token at all too
      assertInvalidToken(alice.sendWithAuthorization("GET", "/whoami", new byte[0],
          "JWT " + TestTokens.signedBy(TestKeys.of(Algorithm.ES256, "mallory")).header("kid", ALICE.kid()).compatible("alice").sign()));
      assertInvalidToken(server.anonymous().get("/whoami"));
      // enrollment does not need Redis
      assertThat(server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem()))
          .status()).isEqualTo(201);

      redis = RedisProcess.start(port);
      Duration recovery = awaitOk(() -> alice.get("/whoami"), Duration.ofSeconds(15));
      log.info("measured: request tokens accepted again {} ms after Redis came back", recovery.toMillis());

      assertThat(server.anonymous().get("/readyz").status()).isEqualTo(200);
      assertThat(admin.get("/admin/principals").status()).isEqualTo(200);
    } finally {
      redis.stop();
    }
  }
}
