package dev.signet.gateway;

import static dev.signet.gateway.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.redis.TestRedis;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one Redis ({@code TestRedis}) act as one: a principal's limit is
 * shared, and a DPoP proof used at one is refused at the other. Both listen on the same public URL
 * (as behind one load balancer), so that one proof's {@code htu} fits both.
 */
class SharedRedisTest {
  static TestIssuer issuer;
  static Upstream upstream;
  static Gateway first;
  static Gateway second;
  static String ROUTE = "";

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    String redis = TestRedis.url(); // SIGNET_TEST_REDIS_URL, or one the tests start
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "redis-issuer"));
    upstream = new Upstream();
    // a path no earlier run used: limits and jtis live in Redis for their window
    String route = "/r" + UUID.randomUUID().toString().substring(0, 8);
    String yaml = """
        listen: 127.0.0.1:0
        public_url: http://gateway.example
        redis: %3$s
        issuers:
          - {issuer: %1$s, jwks_uri: %1$s/jwks.json}
        routes:
          - {path: %4$s, upstream: %2$s, audience: orders-api, auth: access-token, rate_limit: {requests: 3, per: 1h}}
        """.formatted(issuer.issuer(), upstream.url(), redis, route);
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    first = Gateway.start(Fixture.write(a, yaml));
    second = Gateway.start(Fixture.write(b, yaml));
    ROUTE = route;
  }

  @AfterAll
  static void stop() {
    if (first != null) {
      first.close();
      second.close();
      upstream.close();
      issuer.close();
    }
  }

  @Test
  void get_samePrincipalAcrossGateways_oneSharedLimit() {
    String principal = "p-" + UUID.randomUUID();
    int[] statuses = new int[4];
    for (int i = 0; i < 4; i++) {
      Gateway g = i % 2 == 0 ? first : second;
      statuses[i] = get(g.uri().resolve(ROUTE + "/x"), "Authorization", "Bearer " + issuer.accessToken(principal, "orders-api", "")).statusCode();
    }

    assertThat(statuses).containsExactly(200, 200, 200, 429);
  }

  @Test
  void get_dpopProofReplayedToOtherGateway_refused() {
    SigningKey client = TestKeys.of(Algorithm.ES256, "redis-dpop");
    String token = issuer.token("dpop-" + UUID.randomUUID(), "orders-api", "").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
    String proof = TestDpop.proof(client).method("GET").url("http://gateway.example" + ROUTE + "/d").accessToken(token).sign();

    assertThat(get(first.uri().resolve(ROUTE + "/d"), "Authorization", "DPoP " + token, "DPoP", proof).statusCode()).isEqualTo(200);
    assertThat(get(second.uri().resolve(ROUTE + "/d"), "Authorization", "DPoP " + token, "DPoP", proof).statusCode()).isEqualTo(401);
  }
}
