package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.redis.TestRedis;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two server instances behind one (imagined) load balancer: one PostgreSQL schema, one Redis, one
 * {@code --issuer}. What one instance changes the other sees within {@code --key-cache-ttl} (here
 * 500 ms), and a token either one accepted, neither accepts again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {
  private static final Logger log = LoggerFactory.getLogger(TwoInstancesTest.class);
  static final Duration TTL = Duration.ofMillis(500);
  static final Duration MARGIN = Duration.ofMillis(1500);
  static final String ISSUER = "http://signet.test";

  TestDatabases.PostgresSchema schema;
  TestServer a;
  TestServer b;
  int round;

  @BeforeAll
  void startInstances() {
    schema = TestDatabases.postgres();
    String redis = TestRedis.url();
    a = instance(redis);
    b = instance(redis);
  }

  private TestServer instance(String redis) {
    return TestServer.builder().sharedDatabase(schema.jdbcUrl()).setting("redis", redis)
        .setting("key-cache-ttl", TTL.toMillis() + "ms").setting("issuer", ISSUER).start();
  }

  @AfterAll
  void stopInstances() {
    try {
      if (b != null) {
        b.close();
      }
      if (a != null) {
        a.close();
      }
    } finally {
      schema.close();
    }
  }

  @Test
  void keyAddedViaA_authenticatesOnB() {
    SigningKey key = SigningKey.generateEd25519();
    String name = "svc" + (++round);

    a.createPrincipal(name, key);

    assertThat(b.as(name, key).get("/whoami").status()).isEqualTo(200);
    assertThat(b.as(name, key).standard(ISSUER).get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void principalCreatedViaA_afterBCachedItAsUnknown_acceptedOnBWithinTheTtl() throws InterruptedException {
    SigningKey key = SigningKey.generateEd25519();
    String name = "svc" + (++round);
    assertInvalidToken(b.as(name, key).get("/whoami")); // B now caches "no such principal"

    a.createPrincipal(name, key);
    long visibleAfter = millisUntilStatus(b.as(name, key), 200);

    log.info("measured: a principal created via A authenticated on B after {} ms (key-cache-ttl {})", visibleAfter, TTL);
    assertThat(visibleAfter).isLessThanOrEqualTo(TTL.plus(MARGIN).toMillis());
  }

  @Test
  void tokenUsedOnA_refusedOnBAndTheOtherWayRound() {
    SigningKey key = SigningKey.generateEd25519();
    String name = "svc" + (++round);
    ApiClient onA = a.createPrincipal(name, key);
    ApiClient onB = b.as(name, key);

    for (ApiClient client : new ApiClient[] {onA, onA.standard(ISSUER)}) {
      String token = client.token("GET", "/whoami");
      assertThat(onA.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + token).status()).isEqualTo(200);
      assertInvalidToken(onB.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + token));
    }
    String first = onB.token("GET", "/whoami");
    assertThat(onB.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + first).status()).isEqualTo(200);
    assertInvalidToken(onA.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + first));
  }

  @Test
  void keyDeletedViaA_refusedOnBWithinTheTtl() throws InterruptedException {
    SigningKey key = SigningKey.generateEd25519();
    String name = "svc" + (++round);
    a.createPrincipal(name, key);
    ApiClient onB = b.as(name, key);
    assertThat(onB.get("/whoami").status()).isEqualTo(200); // B caches the key

    assertThat(a.admin().delete("/admin/principals/" + name + "/keys/" + key.kid()).status()).isEqualTo(204);
    long refusedAfter = millisUntilStatus(onB, 401);

    log.info("measured: a key deleted via A was refused on B after {} ms (key-cache-ttl {})", refusedAfter, TTL);
    assertThat(refusedAfter).isLessThanOrEqualTo(TTL.plus(MARGIN).toMillis());
    assertInvalidToken(a.as(name, key).get("/whoami"));
  }

  @Test
  void principalDisabledViaA_refusedOnBWithinTheTtl() throws InterruptedException {
    SigningKey key = SigningKey.generateEd25519();
    String name = "svc" + (++round);
    a.createPrincipal(name, key);
    ApiClient onB = b.as(name, key);
    assertThat(onB.get("/whoami").status()).isEqualTo(200);

    assertThat(a.admin().patch("/admin/principals/" + name, json("enabled", false)).status()).isEqualTo(200);
    long refusedAfter = millisUntilStatus(onB, 401);

    log.info("measured: a principal disabled via A was refused on B after {} ms (key-cache-ttl {})", refusedAfter, TTL);
    assertThat(refusedAfter).isLessThanOrEqualTo(TTL.plus(MARGIN).toMillis());
  }

  /** Sends fresh tokens every 20 ms until one is answered {@code status}; how long that took. */
  private static long millisUntilStatus(ApiClient client, int status) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (client.get("/whoami").status() == status) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + status + " within 10 s");
  }
}
