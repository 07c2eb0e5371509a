package dev.signet.gateway;

import dev.signet.SigningKey;
import dev.signet.examples.testing.TestIssuer;
import java.nio.file.Path;

/**
 * A gateway with one {@code auth: access-token} route to an in-test upstream, trusting one in-test
 * issuer: what most gateway tests start before they attack one thing. Closes all three.
 */
record OneRoute(TestIssuer issuer, Upstream upstream, Gateway gateway) implements AutoCloseable {
  static OneRoute start(Path dir, SigningKey issuerKey, String path, String audience) {
    TestIssuer issuer = TestIssuer.start(issuerKey);
    Upstream upstream = new Upstream();
    Gateway gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        issuers:
          - {issuer: %1$s, jwks_uri: %1$s/jwks.json}
        routes:
          - {path: %3$s, upstream: %2$s, audience: %4$s, auth: access-token}
        """.formatted(issuer.issuer(), upstream.url(), path, audience)));
    return new OneRoute(issuer, upstream, gateway);
  }

  @Override
  public void close() {
    gateway.close();
    upstream.close();
    issuer.close();
  }
}
