package dev.signet.gateway;

import static dev.signet.gateway.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuer's JWKS as the gateway caches it: outages ride on the cache, unknown kids cost bounded fetches. */
class JwksTest {
  TestIssuer issuer;
  Upstream upstream;
  Gateway gateway;

  @BeforeEach
  void start(@TempDir Path dir) {
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "jwks-issuer"));
    upstream = new Upstream();
    gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        management: 127.0.0.1:0
        issuers:
          - {issuer: %1$s, jwks_uri: %1$s/jwks.json}
        routes:
          - {path: /, upstream: %2$s, audience: orders-api, auth: access-token}
        """.formatted(issuer.issuer(), upstream.url())));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
    issuer.close();
  }

  @Test
  void get_issuerDownAfterFirstFetch_stillServedFromCachedKeys() {
    assertThat(get(gateway.uri().resolve("/a"), "Authorization", "Bearer " + issuer.accessToken("ann", "orders-api", "")).statusCode()).isEqualTo(200);
    issuer.down(true);

    String fresh = issuer.accessToken("ben", "orders-api", "");
    assertThat(get(gateway.uri().resolve("/b"), "Authorization", "Bearer " + fresh).statusCode()).isEqualTo(200);
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("ben");
  }

  @Test
  void get_issuerNeverReached_503() {
    issuer.down(true);

    assertThat(get(gateway.uri().resolve("/a"), "Authorization", "Bearer " + issuer.accessToken("ann", "orders-api", "")).statusCode()).isEqualTo(503);
  }

  @Test
  void get_floodOfRandomKids_jwksFetchesStayWithinBound() {
    assertThat(get(gateway.uri().resolve("/a"), "Authorization", "Bearer " + issuer.accessToken("ann", "orders-api", "")).statusCode()).isEqualTo(200);
    long started = System.nanoTime();

    for (int i = 0; i < 300; i++) {
      String token = TestTokens.signedBy(issuer.key()).accessToken(issuer.issuer(), "ann", "orders-api", "").header("kid", UUID.randomUUID().toString()).sign();
      assertThat(get(gateway.uri().resolve("/a"), "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
    }

    long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;
    // RemoteJwks' default bound: fetches start at least 10 s apart (6 a minute), whatever triggers them
    assertThat(issuer.requests("/jwks.json")).isLessThanOrEqualTo(2 + (int) (elapsedSeconds / 10));
    assertThat(get(gateway.managementUri().resolve("/metrics")).body()).contains("signet_gateway_jwks_refreshes_total{issuer=\"" + issuer.issuer() + "\"}");
  }
}
