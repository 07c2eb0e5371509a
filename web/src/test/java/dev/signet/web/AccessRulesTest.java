package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessRulesTest {
  private final AccessRules rules = AccessRules.builder()
      .publicPaths("/health", "/docs/**")
      .rule("/orders/*/items", Access.scopes("items:read"), "GET")
      .rule("/orders/**", Access.scopes("orders:read"), "GET", "HEAD")
      .rule("/orders/**", Access.scopes("orders:write"))
      .build();

  @Test
  void accessFor_firstMatchingRuleWins() {
    assertThat(rules.accessFor("GET", "/orders/7/items")).contains(Access.scopes("items:read"));
    assertThat(rules.accessFor("GET", "/orders/7")).contains(Access.scopes("orders:read"));
    assertThat(rules.accessFor("POST", "/orders/7/items")).contains(Access.scopes("orders:write"));
    assertThat(rules.accessFor("GET", "/orders")).contains(Access.scopes("orders:read"));
  }

  @Test
  void accessFor_noRuleMatches_needsAValidCredential() {
    assertThat(rules.accessFor("GET", "/healthz")).contains(Access.authenticated());
    assertThat(rules.accessFor("GET", "/health/")).contains(Access.authenticated());
    assertThat(rules.accessFor("GET", "/Health")).contains(Access.authenticated());
    assertThat(rules.accessFor("GET", "/docsx")).contains(Access.authenticated());
    assertThat(rules.accessFor("GET", "/")).contains(Access.authenticated());
  }

  @Test
  void accessFor_publicPatterns_matchThePathAndItsSubtree() {
    assertThat(rules.accessFor("GET", "/health")).contains(Access.publicRoute());
    assertThat(rules.accessFor("DELETE", "/docs")).contains(Access.publicRoute());
    assertThat(rules.accessFor("GET", "/docs/a/b.html")).contains(Access.publicRoute());
  }

  @Test
  void accessFor_pathNotCanonical_noAccessAtAll() {
    for (String path : new String[] {"/docs/../orders", "/docs/./x", "//orders", "/docs/..", "/docs;x=1", "/a\\b", "orders", "", "/a\nb"}) {
      assertThat(rules.accessFor("GET", path)).as(path).isEmpty();
    }
  }

  @Test
  void rule_partialWildcardOrInnerDoubleStar_refused() {
    assertThatThrownBy(() -> AccessRules.builder().rule("/a*", Access.authenticated()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'*' stands for a whole segment, not part of one: '/a*'");
    assertThatThrownBy(() -> AccessRules.builder().rule("/**/a", Access.authenticated()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'**' may only end a path pattern: '/**/a'");
    assertThatThrownBy(() -> AccessRules.builder().rule("/a", Access.authenticated(), "get"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("HTTP methods are upper-case names: 'get'");
  }

  @Test
  void authenticate_pathNotCanonical_400() throws Exception {
    try (Fixture fixture = Fixture.start(); Recorded recorded = new Recorded();
        ResourceServer rs = fixture.resourceServer(recorded).build()) {
      Decision decision = rs.authenticate(FakeRequest.get("/docs/../orders"), rules);

      assertThat(((Decision.Refused) decision).status()).isEqualTo(400);
      assertThat(recorded.lastLog()).contains("rejection=MALFORMED_REQUEST", "path '/docs/../orders' is not canonical");
    }
  }

  @Test
  void authenticate_untrustedTextInTheLog_escaped() throws Exception {
    try (Fixture fixture = Fixture.start(); Recorded recorded = new Recorded();
        ResourceServer rs = fixture.resourceServer(recorded).build()) {
      String token = dev.signet.testing.TestTokens.signedBy(fixture.alice)
          .accessToken("https://evil.example\nrejection=NONE \u202e", "a", "b", "").sign();

      rs.authenticate(FakeRequest.get("/x\r\ny").bearer(token), Access.authenticated().only(Credential.BEARER));

      assertThat(recorded.lastLog()).doesNotContain("\n", "\r", "\u202e")
          .contains("path=/x\\u000d\\u000ay", "iss 'https://evil.example\\u000arejection=NONE \\u202e' is not a trusted issuer");
    }
  }
}
