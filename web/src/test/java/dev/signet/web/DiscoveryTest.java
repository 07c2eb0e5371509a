package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.testing.TestKeys;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding an issuer's keys through its metadata (RFC 8414, OpenID Connect Discovery). */
class DiscoveryTest {

  @Test
  void metadataUris_issuerWithPath_insertsForRfc8414AndAppendsForOpenIdConnect() {
    assertThat(Discovery.metadataUris("https://sso.example.com/realms/shop/")).containsExactly(
        URI.create("https://sso.example.com/.well-known/oauth-authorization-server/realms/shop"),
        URI.create("https://sso.example.com/realms/shop/.well-known/openid-configuration"));
  }

  @Test
  void metadataUris_issuerWithoutPath_bothAtTheRoot() {
    assertThat(Discovery.metadataUris("https://auth.example.com")).containsExactly(
        URI.create("https://auth.example.com/.well-known/oauth-authorization-server"),
        URI.create("https://auth.example.com/.well-known/openid-configuration"));
  }

  @Test
  void authenticate_rfc8414Metadata_keysFoundWithoutAskingForOpenIdConfiguration() throws Exception {
    try (TestIssuer issuer = TestIssuer.start("/tenant", TestIssuer.Metadata.OAUTH, TestKeys.of(Algorithm.PS256, "oauth-issuer"));
        Recorded recorded = new Recorded();
        ResourceServer rs = ResourceServer.builder(Fixture.PUBLIC_URL).metrics(recorded)
            .trust(TrustedIssuer.builder(issuer.issuer).audience("api").build()).build()) {

      Decision decision = rs.authenticate(FakeRequest.get("/x").bearer(issuer.accessToken("svc", "api", "")), Access.authenticated());

      assertThat(decision).isInstanceOf(Decision.Authenticated.class);
      assertThat(issuer.requests("/.well-known/oauth-authorization-server/tenant")).isEqualTo(1);
      assertThat(issuer.requests("/tenant/.well-known/openid-configuration")).isZero();
    }
  }

  @Test
  void authenticate_metadataNamingAnotherIssuer_503AndNotRetriedAtOnce() throws Exception {
    try (TestIssuer issuer = TestIssuer.start("", TestIssuer.Metadata.OAUTH, TestKeys.of(Algorithm.ES256, "lying-issuer"));
        Recorded recorded = new Recorded();
        ResourceServer rs = ResourceServer.builder(Fixture.PUBLIC_URL).metrics(recorded)
            .trust(TrustedIssuer.builder(issuer.issuer).audience("api").build()).build()) {
      issuer.metadataIssuer = "https://evil.example";
      String token = issuer.accessToken("svc", "api", "");

      List<Decision> decisions = List.of(rs.authenticate(FakeRequest.get("/x").bearer(token), Access.authenticated()),
          rs.authenticate(FakeRequest.get("/x").bearer(token), Access.authenticated()));

      assertThat(decisions).allSatisfy(d -> assertThat(((Decision.Refused) d).status()).isEqualTo(503));
      assertThat(recorded.logs().getFirst()).contains("names issuer 'https://evil.example', not '" + issuer.issuer + "'");
      assertThat(issuer.requests("/.well-known/oauth-authorization-server")).isEqualTo(1);
    }
  }

  @Test
  void build_discoveryOverPlainHttpToAnotherHost_refused() {
    assertThatThrownBy(() -> TrustedIssuer.builder("http://auth.example.com").audience("api").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an issuer whose metadata is fetched must use https unless the host is loopback: http://auth.example.com");
  }
}
