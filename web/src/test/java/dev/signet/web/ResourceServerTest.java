package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.TestTokens;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceServerTest {
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

  private Decision get(String path, String authorization, Access access) {
    return resourceServer.authenticate(FakeRequest.get(path).header("Authorization", authorization), access);
  }

  @Test
  void authenticate_validBearerToken_authenticatedWithPrincipalIssuerAndScopes() {
    String token = fixture.signet.accessToken("orders-svc", Fixture.AUDIENCE, "orders:read orders:write");

    Decision decision = get("/orders", "Bearer " + token, Access.scopes("orders:read"));

    assertThat(decision).isInstanceOfSatisfying(Decision.Authenticated.class, a -> {
      assertThat(a.identity().principal()).isEqualTo("orders-svc");
      assertThat(a.identity().issuer()).contains(fixture.signet.issuer);
      assertThat(a.identity().credential()).isEqualTo(Credential.BEARER);
      assertThat(a.identity().scopes()).containsExactly("orders:read", "orders:write");
      assertThat(a.identity().claims().string("client_id")).contains("orders-svc");
    });
    assertThat(recorded.accepted).containsExactly("access-token");
  }

  @Test
  void authenticate_publicRoute_passesWithoutLookingAtTheCredential() {
    Decision decision = get("/health", "Bearer not-a-token", Access.publicRoute());

    assertThat(decision).isEqualTo(new Decision.Public());
    assertThat(recorded.rejected).isEmpty();
  }

  @Test
  void authenticate_noAuthorization_401WithAChallengePerSchemeTheRouteTakes() {
    Decision decision = resourceServer.authenticate(FakeRequest.get("/orders"), Access.authenticated());

    assertThat(decision).isEqualTo(new Decision.Refused(401, List.of(
        new Decision.Header("WWW-Authenticate", "Bearer error=\"invalid_token\""),
        new Decision.Header("WWW-Authenticate", "DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\""),
        new Decision.Header("WWW-Authenticate", "JWT error=\"invalid_token\""),
        new Decision.Header("Content-Type", "application/json"),
        new Decision.Header("Cache-Control", "no-store")), "{\"error\":\"invalid_token\"}"));
    assertThat(recorded.lastReason()).isEqualTo("NO_TOKEN");
    assertThat(recorded.lastLog()).contains("rejection=NO_TOKEN", "detail=no Authorization header");
  }

  @Test
  void authenticate_routeTakingRequestTokensOnly_challengesWithJwtOnly() {
    Decision decision = resourceServer.authenticate(FakeRequest.get("/signed"), Access.authenticated().only(Credential.REQUEST_TOKEN));

    assertThat(((Decision.Refused) decision).headers()).filteredOn(h -> h.name().equals("WWW-Authenticate"))
        .containsExactly(new Decision.Header("WWW-Authenticate", "JWT error=\"invalid_token\""));
  }

  @Test
  void authenticate_everyKindOfRefusal_answersTheSame() {
    String expired = fixture.signet.token("a", Fixture.AUDIENCE, "").issuedAt(Instant.now().minusSeconds(3600)).sign();
    List<String> authorizations = List.of(
        "Bearer " + expired,
        "Bearer " + fixture.signet.accessToken("a", "another-api", ""),
        "Bearer " + fixture.signet.token("a", Fixture.AUDIENCE, "").header("alg", "none").unsigned(),
        "Bearer " + TestTokens.signedBy(fixture.foreign.key).accessToken("https://evil.example", "a", Fixture.AUDIENCE, "").sign(),
        "Bearer " + fixture.signet.token("a", Fixture.AUDIENCE, "").header("typ", "JWT").sign(),
        "DPoP " + fixture.signet.accessToken("a", Fixture.AUDIENCE, ""),
        "JWT " + TestTokens.signedBy(fixture.alice).compatible("mallory").sign(),
        "Basic YWxpY2U6c2VjcmV0",
        "Bearer a.b.c",
        "Bearer");

    List<Decision> decisions = authorizations.stream().map(a -> get("/orders", a, Access.authenticated())).toList();

    assertThat(decisions).allSatisfy(d -> assertThat(d).isEqualTo(resourceServer.authenticate(FakeRequest.get("/x"), Access.authenticated())));
    assertThat(recorded.rejected).startsWith("EXPIRED", "WRONG_AUDIENCE", "UNSUPPORTED_ALGORITHM", "UNKNOWN_ISSUER", "WRONG_TYPE",
        "DPOP_NOT_BOUND", "UNKNOWN_PRINCIPAL", "NO_TOKEN", "UNKNOWN_ISSUER", "MALFORMED_CREDENTIALS");
  }

  @Test
  void authenticate_tokenLackingAScope_403NamingTheMissingScope() {
    String token = fixture.signet.accessToken("orders-svc", Fixture.AUDIENCE, "orders:read");

    Decision decision = get("/orders", "Bearer " + token, Access.scopes("orders:read", "orders:write"));

    assertThat(decision).isEqualTo(new Decision.Refused(403, List.of(
        new Decision.Header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"orders:read orders:write\""),
        new Decision.Header("Content-Type", "application/json"),
        new Decision.Header("Cache-Control", "no-store")), "{\"error\":\"insufficient_scope\"}"));
    assertThat(recorded.lastReason()).isEqualTo("INSUFFICIENT_SCOPE");
    assertThat(recorded.lastLog()).contains("principal 'orders-svc' lacks scopes [orders:write]");
  }

  @Test
  void authenticate_scopesInAnScpArray_accepted() {
    String token = fixture.signet.token("svc", Fixture.AUDIENCE, "").without("scope").claim("scp", List.of("orders:read")).sign();

    assertThat(get("/orders", "Bearer " + token, Access.scopes("orders:read"))).isInstanceOf(Decision.Authenticated.class);
  }

  @Test
  void authenticate_twoAuthorizationHeaders_400InvalidRequest() {
    String token = fixture.signet.accessToken("svc", Fixture.AUDIENCE, "");
    FakeRequest request = FakeRequest.get("/orders").bearer(token).bearer(token);

    Decision decision = resourceServer.authenticate(request, Access.authenticated());

    assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class, r -> {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":\"invalid_request\"}");
      assertThat(r.headers()).contains(new Decision.Header("WWW-Authenticate", "Bearer error=\"invalid_request\""));
    });
    assertThat(recorded.lastLog()).contains("rejection=MALFORMED_REQUEST", "more than one Authorization header");
  }

  @Test
  void authenticate_oversizedAuthorization_refusedUnread() {
    Decision decision = get("/orders", "Bearer " + "a".repeat(9000), Access.authenticated());

    assertThat(((Decision.Refused) decision).status()).isEqualTo(401);
    assertThat(recorded.lastLog()).contains("rejection=MALFORMED_CREDENTIALS", "Authorization header is 9007 characters; the limit is 8192");
  }

  @Test
  void authenticate_oddSchemesAndSpacing_readAsRfc7235Says() {
    String token = fixture.signet.accessToken("svc", Fixture.AUDIENCE, "");

    assertThat(get("/o", "bEaReR " + token, Access.authenticated())).isInstanceOf(Decision.Authenticated.class);
    assertThat(get("/o", "Bearer   " + token, Access.authenticated())).isInstanceOf(Decision.Authenticated.class);
    assertThat(get("/o", "Bearer\t" + token, Access.authenticated())).isInstanceOf(Decision.Refused.class);
    assertThat(get("/o", " Bearer " + token, Access.authenticated())).isInstanceOf(Decision.Refused.class);
    assertThat(get("/o", "Bearer " + token + " x", Access.authenticated())).isInstanceOf(Decision.Refused.class);
    assertThat(get("/o", "Bearer " + token + "\u0000", Access.authenticated())).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.rejected).containsExactly("MALFORMED_CREDENTIALS", "MALFORMED_CREDENTIALS", "MALFORMED_CREDENTIALS", "MALFORMED_CREDENTIALS");
  }

  @Test
  void authenticate_unknownIssuer_401AndNothingFetched() {
    int before = fixture.signet.totalRequests() + fixture.foreign.totalRequests();
    String token = TestTokens.signedBy(fixture.signet.key).accessToken("https://elsewhere.example", "a", Fixture.AUDIENCE, "").sign();

    Decision decision = get("/orders", "Bearer " + token, Access.authenticated().only(Credential.BEARER));

    assertThat(((Decision.Refused) decision).status()).isEqualTo(401);
    assertThat(recorded.lastLog()).contains("rejection=UNKNOWN_ISSUER", "iss 'https://elsewhere.example' is not a trusted issuer");
    assertThat(fixture.signet.totalRequests() + fixture.foreign.totalRequests()).isEqualTo(before);
  }

  @Test
  void authenticate_tokenClaimingOneIssuerSignedByTheOthersKey_401() {
    String forged = TestTokens.signedBy(fixture.foreign.key).accessToken(fixture.signet.issuer, "a", Fixture.AUDIENCE, "").sign();

    assertThat(get("/orders", "Bearer " + forged, Access.authenticated())).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastReason()).isEqualTo("UNKNOWN_KEY");
    assertThat(recorded.lastLog()).contains("no key with kid '" + fixture.foreign.key.kid() + "' for issuer '" + fixture.signet.issuer + "'");
  }

  @Test
  void authenticate_foreignIssuerTypingItsTokensJwt_acceptedThroughDiscovery() {
    String token = fixture.foreign.token("svc", Fixture.AUDIENCE, "orders:read").header("typ", "JWT").sign();
    int before = fixture.foreign.requests("/realms/shop/.well-known/openid-configuration");

    Decision decision = get("/orders", "Bearer " + token, Access.scopes("orders:read"));

    assertThat(decision).isInstanceOfSatisfying(Decision.Authenticated.class,
        a -> assertThat(a.identity().issuer()).contains(fixture.foreign.issuer));
    assertThat(fixture.foreign.requests("/realms/shop/.well-known/openid-configuration")).isEqualTo(before + 1);
  }

  @Test
  void authenticate_jwtTypedTokenFromAnIssuerThatDoesNotAcceptIt_401WrongType() {
    String token = fixture.signet.token("svc", Fixture.AUDIENCE, "").header("typ", "JWT").sign();

    assertThat(get("/orders", "Bearer " + token, Access.authenticated())).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastLog()).contains("rejection=WRONG_TYPE", "typ is \"JWT\"; expected one of [at+jwt]");
  }

  @Test
  void authenticate_keysUnavailableWithNothingCached_503() throws Exception {
    try (TestIssuer down = TestIssuer.start("", TestIssuer.Metadata.NONE, fixture.signet.key);
        ResourceServer rs = ResourceServer.builder(Fixture.PUBLIC_URL).metrics(recorded)
            .trust(TrustedIssuer.builder(down.issuer).jwksUri(down.uri("/jwks.json")).audience(Fixture.AUDIENCE).build()).build()) {
      down.down = true;
      String token = TestTokens.signedBy(down.key).accessToken(down.issuer, "a", Fixture.AUDIENCE, "").sign();

      Decision decision = rs.authenticate(FakeRequest.get("/orders").bearer(token), Access.authenticated());

      assertThat(decision).isEqualTo(new Decision.Refused(503, List.of(new Decision.Header("Retry-After", "5"),
          new Decision.Header("Content-Type", "application/json"), new Decision.Header("Cache-Control", "no-store")),
          "{\"error\":\"temporarily_unavailable\"}"));
      assertThat(recorded.lastReason()).isEqualTo("UNAVAILABLE");
    }
  }

  @Test
  void build_nothingToVerify_refusedNamingTheSetting() {
    assertThatThrownBy(() -> ResourceServer.builder(Fixture.PUBLIC_URL).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("nothing to verify: trust(issuer) and/or requestTokens(verifier) is required");
  }

  @Test
  void build_issuerWithoutAudience_refused() {
    assertThatThrownBy(() -> TrustedIssuer.builder("https://auth.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audience is required for issuer https://auth.example.com (or anyAudience(), which accepts tokens meant for other services)");
  }

  @Test
  void build_jwtTypeWithoutAudience_refused() {
    assertThatThrownBy(() -> TrustedIssuer.builder("https://auth.example.com").anyAudience().acceptJwtType().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("acceptJwtType() needs an audience");
  }
}
