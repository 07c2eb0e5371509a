package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The resource server's meters carry the server's names. */
class MicrometerMetricsTest {
  private static final Fixture fixture = Fixture.shared();


  @Test
  void authenticate_acceptedRefusedAndCached_countedUnderTheServersMeterNames() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ResourceServer rs = fixture.resourceServer(new MicrometerMetrics(registry)).build()) {
      String token = fixture.signet.accessToken("svc", Fixture.AUDIENCE, "");

      rs.authenticate(FakeRequest.get("/x").bearer(token), Access.authenticated());
      rs.authenticate(FakeRequest.get("/x").bearer(token), Access.authenticated());
      rs.authenticate(FakeRequest.get("/x"), Access.authenticated());

      assertThat(registry.get("signet.auth.accepted").tag("method", "access-token").counter().count()).isEqualTo(2);
      assertThat(registry.get("signet.auth.rejections").tag("reason", "NO_TOKEN").counter().count()).isEqualTo(1);
      assertThat(registry.get("signet.auth.cache").tag("result", "hit").counter().count()).isEqualTo(1);
      assertThat(registry.get("signet.auth.cache").tag("result", "miss").counter().count()).isEqualTo(1);
      assertThat(registry.get("signet.auth.verify").timer().count()).isEqualTo(3);
    }
  }
}
