package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DPoP at the resource server (RFC 9449 §7): the token bound to a key, a fresh proof by that key on every request. */
class DpopTest {
  private static final String URL = "https://api.example.test/orders";
  private static final Fixture fixture = Fixture.shared();
  private final SigningKey client = TestKeys.of(Algorithm.ES256, "dpop-client");
  private Recorded recorded;
  private ResourceServer resourceServer;
  private String token;


  @BeforeEach
  void build() {
    recorded = new Recorded();
    resourceServer = fixture.resourceServer(recorded).trustProxies("10.0.0.0/8").build();
    token = boundTo(client);
  }

  @AfterEach
  void close() {
    resourceServer.close();
    recorded.close();
  }

  private String boundTo(SigningKey key) {
    return fixture.signet.token("orders-svc", Fixture.AUDIENCE, "orders:read").claim("cnf", Map.of("jkt", TestDpop.thumbprint(key))).sign();
  }

  private TestDpop.Builder proof() {
    return TestDpop.proof(client).method("GET").url(URL).accessToken(token);
  }

  private Decision send(String authorization, String... proofs) {
    FakeRequest request = FakeRequest.get("/orders").header("Authorization", authorization);
    for (String p : proofs) {
      request.header("DPoP", p);
    }
    return resourceServer.authenticate(request, Access.scopes("orders:read"));
  }

  private void assertRefused(Decision decision, String reason, String detail) {
    assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    assertThat(recorded.lastReason()).isEqualTo(reason);
    assertThat(recorded.lastLog()).contains(detail);
  }

  @Test
  void authenticate_boundTokenWithItsProof_authenticatedAsDpop() {
    Decision decision = send("DPoP " + token, proof().sign());

    assertThat(decision).isInstanceOfSatisfying(Decision.Authenticated.class, a -> {
      assertThat(a.identity().credential()).isEqualTo(Credential.DPOP);
      assertThat(a.identity().dpopThumbprint()).contains(TestDpop.thumbprint(client));
    });
    assertThat(recorded.accepted).containsExactly("dpop");
  }

  @Test
  void authenticate_cachedBoundToken_stillNeedsAFreshProofEachTime() {
    assertThat(send("DPoP " + token, proof().sign())).isInstanceOf(Decision.Authenticated.class);
    assertThat(send("DPoP " + token, proof().sign())).isInstanceOf(Decision.Authenticated.class);

    assertRefused(send("DPoP " + token), "DPOP_NOT_BOUND", "no DPoP proof header");
    assertThat(recorded.cache).containsExactly(false, true, true);
  }

  @Test
  void authenticate_replayedProof_refused() {
    String proof = proof().sign();
    assertThat(send("DPoP " + token, proof)).isInstanceOf(Decision.Authenticated.class);

    assertRefused(send("DPoP " + token, proof), "DPOP_PROOF", "jti was already used");
  }

  @Test
  void authenticate_boundTokenAsBearer_refused() {
    assertRefused(send("Bearer " + token), "DPOP_BOUND_AS_BEARER", "a DPoP-bound token (cnf.jkt) was sent as a bearer token");
  }

  @Test
  void authenticate_unboundTokenWithDpopScheme_refused() {
    token = fixture.signet.accessToken("orders-svc", Fixture.AUDIENCE, "orders:read");

    assertRefused(send("DPoP " + token, proof().sign()), "DPOP_NOT_BOUND", "the DPoP scheme with a token that has no cnf.jkt");
  }

  @Test
  void authenticate_twoProofs_400() {
    Decision decision = send("DPoP " + token, proof().sign(), proof().sign());

    assertThat(((Decision.Refused) decision).status()).isEqualTo(400);
    assertThat(recorded.lastLog()).contains("2 DPoP headers");
  }

  @Test
  void authenticate_proofByAnotherKey_refusedWithoutSpendingItsJti() {
    String other = TestDpop.proof(TestKeys.of(Algorithm.ES256, "thief")).method("GET").url(URL).accessToken(token).sign();

    assertRefused(send("DPoP " + token, other), "DPOP_PROOF", "DPoP proof key is not the one the token is bound to (cnf.jkt)");
  }

  @Test
  void authenticate_proofForAnotherUrl_refused() {
    assertRefused(send("DPoP " + token, proof().url("https://api.example.test/other").sign()), "DPOP_PROOF",
        "DPoP proof htu 'https://api.example.test/other' is not this resource; expected one of [https://api.example.test/orders]");
  }

  @Test
  void authenticate_htuSpelledWithUpperCaseHostAndDefaultPort_accepted() {
    assertThat(send("DPoP " + token, proof().url("https://API.Example.TEST:443/orders").sign())).isInstanceOf(Decision.Authenticated.class);
  }

  @Test
  void authenticate_proofForAnotherMethod_refused() {
    assertRefused(send("DPoP " + token, proof().method("POST").sign()), "DPOP_PROOF", "htm");
  }

  @Test
  void authenticate_proofForAnotherToken_refusedOnAth() {
    assertRefused(send("DPoP " + token, proof().accessToken(boundTo(client)).sign()), "DPOP_PROOF", "ath");
  }

  @Test
  void authenticate_oldProof_refused() {
    assertRefused(send("DPoP " + token, proof().issuedAt(Instant.now().minusSeconds(300)).sign()), "DPOP_PROOF", "iat too old");
  }

  @Test
  void authenticate_proofCarryingItsPrivateKey_refused() {
    String proof = proof().header("jwk", privateJwk(client)).sign();

    assertRefused(send("DPoP " + token, proof), "DPOP_PROOF", "DPoP proof cannot be parsed: Invalid JWS header: Non-public key in jwk header parameter");
  }

  @Test
  void authenticate_ed25519Proof_refusedSinceTheSdkVerifiesRsaAndEcOnly() {
    SigningKey ed = TestKeys.of(Algorithm.EdDSA, "dpop-ed");
    token = boundTo(ed);

    assertRefused(send("DPoP " + token, TestDpop.proof(ed).method("GET").url(URL).accessToken(token).sign()), "DPOP_PROOF",
        "DPoP proof alg 'EdDSA' is not accepted; accepted: [RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512] (the OAuth SDK verifies RSA and EC proofs only)");
  }

  @Test
  void authenticate_proofWithWrongType_refused() {
    assertRefused(send("DPoP " + token, proof().header("typ", "JWT").sign()), "DPOP_PROOF", "typ");
  }

  @Test
  void authenticate_hostFromAnUntrustedPeer_neverMakesTheHtu() {
    String proof = proof().url("https://evil.example/orders").sign();
    FakeRequest request = FakeRequest.get("/orders").header("Authorization", "DPoP " + token).header("DPoP", proof)
        .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https").header("Host", "evil.example");

    assertThat(resourceServer.authenticate(request, Access.authenticated())).isInstanceOf(Decision.Refused.class);
  }

  @Test
  void authenticate_hostForwardedByATrustedProxy_makesAnHtu() {
    String proof = proof().url("https://shop.example/orders").sign();
    FakeRequest request = FakeRequest.get("/orders").from("10.1.2.3").header("Authorization", "DPoP " + token).header("DPoP", proof)
        .header("X-Forwarded-Host", "shop.example").header("X-Forwarded-Proto", "https");

    assertThat(resourceServer.authenticate(request, Access.authenticated())).isInstanceOf(Decision.Authenticated.class);
  }

  @Test
  void authenticate_routeForDpopOnly_refusesABearerToken() {
    String bearer = fixture.signet.accessToken("orders-svc", Fixture.AUDIENCE, "orders:read");

    Decision decision = resourceServer.authenticate(FakeRequest.get("/orders").bearer(bearer), Access.authenticated().only(Credential.DPOP));

    assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class, r -> assertThat(r.headers())
        .filteredOn(h -> h.name().equals("WWW-Authenticate")).extracting(Decision.Header::value)
        .containsExactly("DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\""));
    assertThat(recorded.lastLog()).contains("rejection=NO_TOKEN", "Bearer is not taken here");
  }

  private static Map<String, Object> privateJwk(SigningKey key) {
    try {
      return com.nimbusds.jose.util.JSONObjectUtils.parse(key.toJwk());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
