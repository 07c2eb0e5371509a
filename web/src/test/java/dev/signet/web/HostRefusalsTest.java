package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refusals an integration asks for when the host's own authorization refuses (Spring Security's handlers). */
class HostRefusalsTest {
  private static final Fixture fixture = Fixture.shared();
  private Recorded recorded;
  private ResourceServer resourceServer;

  @BeforeEach
  void build() {
    recorded = new Recorded();
    resourceServer = fixture.resourceServer(recorded).build();
  }

  @AfterEach
  void close() {
    resourceServer.close();
    recorded.close();
  }

  private Identity verified(String scope) {
    String token = fixture.signet.accessToken("orders-svc", Fixture.AUDIENCE, scope);
    Decision decision = resourceServer.authenticate(FakeRequest.get("/orders").header("Authorization", "Bearer " + token), Access.authenticated());
    return ((Decision.Authenticated) decision).identity();
  }

  @Test
  void refuseUnauthenticated_anyRoute_theSame401AsTheEngineGivesWithoutAToken() {
    Decision.Refused engine = (Decision.Refused) resourceServer.authenticate(FakeRequest.get("/orders"), Access.authenticated());

    Decision.Refused host = resourceServer.refuseUnauthenticated(FakeRequest.get("/orders"), Access.authenticated(), "denied by the host");

    assertThat(host).isEqualTo(engine);
    assertThat(recorded.lastReason()).isEqualTo("NO_TOKEN");
    assertThat(recorded.lastLog()).contains("rejection=NO_TOKEN status=401 method=GET path=/orders detail=denied by the host");
  }

  @Test
  void refuseInsufficientScope_knownScopes_403NamingThemInTheCallersScheme() {
    Identity caller = verified("orders:read");

    Decision.Refused refused = resourceServer.refuseInsufficientScope(FakeRequest.get("/orders"), caller, Set.of("orders:write"), "hasAuthority");

    assertThat(refused).isEqualTo(new Decision.Refused(403, List.of(
        new Decision.Header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"orders:write\""),
        new Decision.Header("Content-Type", "application/json"),
        new Decision.Header("Cache-Control", "no-store")), "{\"error\":\"insufficient_scope\"}"));
    assertThat(recorded.lastReason()).isEqualTo("INSUFFICIENT_SCOPE");
    assertThat(recorded.lastLog()).contains("status=403", "detail=principal 'orders-svc': hasAuthority");
  }

  @Test
  void refuseInsufficientScope_noScopeKnown_403WithoutAScopeAttribute() {
    Decision.Refused refused = resourceServer.refuseInsufficientScope(FakeRequest.get("/orders"), verified("orders:read"), Set.of(), "hasRole('ADMIN')");

    assertThat(refused.headers()).contains(new Decision.Header("WWW-Authenticate", "Bearer error=\"insufficient_scope\""));
    assertThat(refused.body()).isEqualTo("{\"error\":\"insufficient_scope\"}");
  }

  @Test
  void refuseInsufficientScope_scopeWithAQuote_refusedBeforeItReachesAHeader() {
    Identity caller = verified("orders:read");

    assertThatThrownBy(() -> resourceServer.refuseInsufficientScope(FakeRequest.get("/orders"), caller, Set.of("a\"b"), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a scope must be non-empty printable ASCII");
  }
}
