package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signet request tokens through the engine: the JWT scheme, Bearer fallback, binding, replay. */
class RequestTokensTest {
  private static final Fixture fixture = Fixture.shared();
  private Recorded recorded;
  private ResourceServer resourceServer;


  @BeforeEach
  void build() {
    recorded = new Recorded();
    resourceServer = fixture.resourceServer(recorded).maxBodyBytes(16).build();
  }

  @AfterEach
  void close() {
    resourceServer.close();
    recorded.close();
  }

  private Decision send(FakeRequest request, Access access) {
    return resourceServer.authenticate(request, access);
  }

  @Test
  void authenticate_requestToken_authenticatedAsItsPrincipal() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").sign();

    Decision decision = send(FakeRequest.get("/signed").header("Authorization", "JWT " + token), Access.authenticated());

    assertThat(decision).isInstanceOfSatisfying(Decision.Authenticated.class, a -> {
      assertThat(a.identity().principal()).isEqualTo("alice");
      assertThat(a.identity().credential()).isEqualTo(Credential.REQUEST_TOKEN);
      assertThat(a.identity().issuer()).isEmpty();
    });
  }

  @Test
  void authenticate_requestTokenAsBearer_authenticatedSinceItsIssIsNoTrustedIssuer() {
    String token = TestTokens.signedBy(fixture.alice).standard("alice", Fixture.PUBLIC_URL.toString()).sign();

    assertThat(send(FakeRequest.get("/signed").bearer(token), Access.authenticated())).isInstanceOf(Decision.Authenticated.class);
  }

  @Test
  void authenticate_replayedRequestToken_refused() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").sign();
    send(FakeRequest.get("/signed").header("Authorization", "JWT " + token), Access.authenticated());

    Decision replay = send(FakeRequest.get("/signed").header("Authorization", "JWT " + token), Access.authenticated());

    assertThat(replay).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastReason()).isEqualTo("REPLAYED");
  }

  @Test
  void authenticate_requestTokenBoundToThisRequest_verifiedAgainstThePublicUrl() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").claim("htm", "POST")
        .claim("htu", "https://api.example.test/signed").sign();

    assertThat(send(FakeRequest.of("POST", "/signed").header("Authorization", "JWT " + token), Access.authenticated()))
        .isInstanceOf(Decision.Authenticated.class);
  }

  @Test
  void authenticate_requestTokenBoundToAnotherUrl_refusedAsBindingMismatch() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").claim("htu", "https://evil.example/signed").sign();

    assertThat(send(FakeRequest.get("/signed").header("Authorization", "JWT " + token).header("Host", "evil.example"), Access.authenticated()))
        .isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastReason()).isEqualTo("BINDING_MISMATCH");
  }

  @Test
  void authenticate_tokenBindingTheBody_readsTheBodyOnce() {
    byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    String bsh = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body));
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").claim("bsh", bsh).sign();
    FakeRequest request = FakeRequest.of("POST", "/signed").header("Authorization", "JWT " + token).body(body);

    assertThat(send(request, Access.authenticated())).isInstanceOf(Decision.Authenticated.class);
    assertThat(request.bodyReads).isEqualTo(1);
  }

  @Test
  void authenticate_tokenNotBindingTheBody_leavesTheBodyUnread() {
    FakeRequest request = FakeRequest.of("POST", "/signed")
        .header("Authorization", "JWT " + TestTokens.signedBy(fixture.alice).compatible("alice").sign()).body(new byte[100]);

    assertThat(send(request, Access.authenticated())).isInstanceOf(Decision.Authenticated.class);
    assertThat(request.bodyReads).isZero();
  }

  @Test
  void authenticate_boundBodyOverTheLimit_413() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").claim("bsh", "x").sign();

    Decision decision = send(FakeRequest.of("POST", "/signed").header("Authorization", "JWT " + token).body(new byte[17]), Access.authenticated());

    assertThat(((Decision.Refused) decision).status()).isEqualTo(413);
    assertThat(recorded.lastLog()).contains("rejection=BODY_TOO_LARGE", "the body is over 16 bytes");
  }

  @Test
  void authenticate_requestTokenOnARouteNeedingScopes_403WithTheJwtScheme() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").sign();

    Decision decision = send(FakeRequest.get("/orders").header("Authorization", "JWT " + token), Access.scopes("orders:read"));

    assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class, r -> assertThat(r.headers())
        .contains(new Decision.Header("WWW-Authenticate", "JWT error=\"insufficient_scope\", scope=\"orders:read\"")));
  }

  @Test
  void authenticate_requestTokenOnAnAccessTokenRoute_refused() {
    String token = TestTokens.signedBy(fixture.alice).compatible("alice").sign();

    Decision decision = send(FakeRequest.get("/orders").header("Authorization", "JWT " + token), Access.authenticated().only(Credential.BEARER));

    assertThat(decision).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastLog()).contains("rejection=NO_TOKEN", "request tokens are not taken here");
  }

  private static byte[] sha256(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
