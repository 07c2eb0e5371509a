package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertUnavailable;
import static dev.signet.server.http.HttpAssertions.awaitOk;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.TcpProxy;
import dev.signet.server.testing.TestDatabases;
import dev.signet.testing.TestKeys;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server on PostgreSQL while the database becomes unreachable and comes back: it is reached
 * through a TCP proxy of this test's own, which {@code cut()} closes (every pooled connection
 * breaks, new ones are refused), so nothing else using the database is disturbed. Routes that
 * need the database answer 503 with {@code Retry-After}, never a 401 or a 500 (and within about a
 * second, which a loaded test machine cannot time: {@code Database.REQUEST_WAIT} bounds it),
 * principals whose keys were cached keep authenticating for {@code --key-cache-stale-if-error},
 * readiness says which check failed, liveness stays up, and everything recovers without a restart.
 */
class DatabaseOutageTest {
  private static final Logger log = LoggerFactory.getLogger(DatabaseOutageTest.class);
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "db-outage-alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.ES256, "db-outage-bob");

  @Test
  void routes_databaseUnreachableAndBack_503ThenRecoverWithoutRestart() throws Exception {
    try (TestDatabases.PostgresSchema schema = TestDatabases.postgres();
        TcpProxy proxy = proxyTo(schema);
        TestServer server = TestServer.builder()
            .sharedDatabase(through(proxy, schema))
            .setting("key-cache-ttl", "0s") // every request reads the registry
            .setting("key-cache-stale-if-error", "0s") // and nothing cached stands in for it
            .withManagement()
            .start()) {
      ApiClient alice = server.createPrincipal("alice", ALICE);
      ApiClient admin = server.admin();
      assertThat(alice.get("/whoami").status()).isEqualTo(200);
      assertThat(server.management().get("/readyz").body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"database\":\"up\"}}");
      String code = admin.post("/admin/principals/alice/enrollments", "").json().path("code").asText();

      proxy.cut();

      assertUnavailable(alice.get("/whoami"));
      assertUnavailable(alice.get("/me/keys"));
      assertUnavailable(admin.get("/admin/principals"));
      assertUnavailable(admin.post("/admin/principals", json("name", "bob")));
      assertUnavailable(server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem())));
      Response ready = server.management().get("/readyz");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("{\"status\":\"unavailable\",\"checks\":{\"database\":\"down\"}}");
      Response publicReady = server.anonymous().get("/readyz");
      assertThat(publicReady.status()).isEqualTo(503);
      assertThat(publicReady.body()).as("no detail on the public port").isEqualTo("{\"status\":\"unavailable\"}");
      assertThat(server.anonymous().get("/healthz").status()).isEqualTo(200);

      proxy.restore();
      Duration recovery = awaitOk(() -> alice.get("/whoami"), Duration.ofSeconds(15));
      log.info("measured: requests served again {} ms after the database came back", recovery.toMillis());

      assertThat(server.anonymous().get("/readyz").status()).isEqualTo(200);
      assertThat(admin.get("/admin/principals/bob").status()).as("nothing half-written during the outage").isEqualTo(404);
      assertThat(server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem()))
          .status()).as("the code was not used up by the failed attempt").isEqualTo(201);
    }
  }

  private static TcpProxy proxyTo(TestDatabases.PostgresSchema schema) {
    Matcher target = HOST_PORT.matcher(schema.jdbcUrl());
    assertThat(target.find()).as("host and port in %s", schema.jdbcUrl()).isTrue();
    return TcpProxy.to(target.group(1), Integer.parseInt(target.group(2)));
  }

  /** The schema's URL, through {@code proxy}. */
  private static String through(TcpProxy proxy, TestDatabases.PostgresSchema schema) {
    return HOST_PORT.matcher(schema.jdbcUrl()).replaceFirst("//" + TcpProxy.HOST + ":" + proxy.port() + "/");
  }

  /** gh-13: during a database outage every request stalled; principals already cached now keep working. */
  @Test
  void cachedPrincipals_databaseUnreachable_keepAuthenticatingOthersGet503() throws Exception {
    try (TestDatabases.PostgresSchema schema = TestDatabases.postgres();
        TcpProxy proxy = proxyTo(schema);
        TestServer server = TestServer.builder()
            .sharedDatabase(through(proxy, schema))
            .setting("key-cache-ttl", "0s") // every request would read the registry: only the stale window helps
            .setting("key-cache-stale-if-error", "5m")
            .start()) {
      ApiClient alice = server.createPrincipal("alice", ALICE);
      ApiClient bob = server.createPrincipal("bob", BOB);
      assertThat(alice.get("/whoami").status()).isEqualTo(200); // cached now

      proxy.cut();

      for (int i = 0; i < 5; i++) {
        Response whoami = alice.get("/whoami");
        assertThat(whoami.status()).as("alice, request %d during the outage", i).isEqualTo(200);
        assertThat(whoami.json().path("principal").asText()).isEqualTo("alice");
      }
      assertUnavailable(bob.get("/whoami")); // never cached: nothing to stand in
      assertUnavailable(server.admin().get("/admin/principals"));
      String replayed = alice.token("GET", "/whoami");
      assertThat(alice.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + replayed).status()).isEqualTo(200);
      assertThat(alice.sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + replayed).status())
          .as("replay still refused").isEqualTo(401);

      proxy.restore();
      awaitOk(() -> bob.get("/whoami"), Duration.ofSeconds(15));

      assertThat(server.admin().get("/admin/principals").status()).isEqualTo(200);
      assertThat(alice.get("/whoami").status()).isEqualTo(200);
    }
  }
}
