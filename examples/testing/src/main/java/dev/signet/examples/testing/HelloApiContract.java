package dev.signet.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every example app's {@code GET /hello} must do, started as users start it against a
 * {@link TestIssuer} (keys found through its RFC 8414 metadata): scope {@code hello:read} gets
 * {@code {"principal":…,"scope":…}}; a token without it 403 {@code insufficient_scope}; no token,
 * an expired one, another issuer's, a DPoP-bound one without its proof 401 with the same
 * challenges; an issuer outage after the first JWKS fetch changes nothing; a flood of unknown
 * {@code kid}s costs the issuer no more JWKS fetches than the fetch bound (6 a minute) allows.
 * An example's test extends it and says how to start the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HelloApiContract {
  /** The audience the examples are configured with. */
  protected static final String AUDIENCE = "hello-api";
  /** How long an example may take to start on a loaded machine. */
  protected static final Duration START_LIMIT = Duration.ofMinutes(3);
  private static final List<String> CHALLENGES = List.of("Bearer error=\"invalid_token\"",
      "DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\"");

  private TestIssuer issuer;
  private TestIssuer stranger;
  private AppProcess app;

  /** Starts the example against {@code issuer} on a free port, as its README says to. */
  protected abstract AppProcess start(String issuer);

  @BeforeAll
  void startApp() {
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "hello-issuer"));
    stranger = TestIssuer.start(TestKeys.of(Algorithm.ES256, "hello-stranger"));
    app = start(issuer.issuer());
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.close();
    }
    issuer.close();
    stranger.close();
  }

  private HttpResponse<String> hello(String... headers) {
    return new Http(app.base()).get("/hello", headers);
  }

  private HttpResponse<String> helloWith(String token) {
    return hello("Authorization", "Bearer " + token);
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).isEqualTo(CHALLENGES);
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\"}");
  }

  @Test
  void start_listeningLine_namesTheBoundLoopbackPort() {
    assertThat(app.base().getHost()).isEqualTo("127.0.0.1");
    assertThat(app.base().getPort()).isPositive();
  }

  @Test
  void hello_tokenWithTheScope_200WithPrincipalAndScope() {
    HttpResponse<String> response = helloWith(issuer.accessToken("hello-client", AUDIENCE, "hello:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"principal\":\"hello-client\",\"scope\":\"hello:read\"}");
  }

  @Test
  void hello_tokenWithoutTheScope_403InsufficientScope() {
    HttpResponse<String> response = helloWith(issuer.accessToken("hello-client", AUDIENCE, "other:read"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"insufficient_scope\", scope=\"hello:read\"");
    assertThat(response.body()).isEqualTo("{\"error\":\"insufficient_scope\"}");
  }

  @Test
  void hello_noToken_401() {
    assertUnauthorized(hello());
  }

  @Test
  void hello_expiredToken_401() {
    assertUnauthorized(helloWith(issuer.token("hello-client", AUDIENCE, "hello:read").issuedAt(Instant.now().minusSeconds(3600)).sign()));
  }

  @Test
  void hello_anotherIssuersToken_401() {
    assertUnauthorized(helloWith(stranger.accessToken("hello-client", AUDIENCE, "hello:read")));
    assertUnauthorized(helloWith(TestTokens.signedBy(stranger.key()).accessToken(issuer.issuer(), "hello-client", AUDIENCE, "hello:read").sign()));
  }

  @Test
  void hello_dpopBoundTokenWithoutItsProof_401() {
    SigningKey client = TestKeys.of(Algorithm.ES256, "hello-dpop-client");
    String bound = issuer.token("hello-client", AUDIENCE, "hello:read").claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();

    assertUnauthorized(hello("Authorization", "Bearer " + bound));
    assertUnauthorized(hello("Authorization", "DPoP " + bound));
  }

  @Test
  void hello_issuerDownAfterTheFirstJwksFetch_stillVerifiesNewTokens() {
    assertThat(helloWith(issuer.accessToken("hello-client", AUDIENCE, "hello:read")).statusCode()).isEqualTo(200);
    int fetches = issuer.requests("/jwks.json");
    issuer.down(true);
    try {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = helloWith(issuer.accessToken("client-" + i, AUDIENCE, "hello:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"principal\":\"client-" + i + "\"");
      }
    } finally {
      issuer.down(false);
    }
    assertThat(fetches).isPositive();
  }

  @Test
  void hello_floodOfUnknownKids_jwksFetchesWithinTheBound() {
    assertThat(helloWith(issuer.accessToken("hello-client", AUDIENCE, "hello:read")).statusCode()).isEqualTo(200);
    SigningKey forger = TestKeys.of(Algorithm.ES256, "hello-kid-flood");
    int before = issuer.requests("/jwks.json");
    long start = System.nanoTime();

    for (int i = 0; i < 60; i++) {
      String forged = TestTokens.signedBy(forger).accessToken(issuer.issuer(), "hello-client", AUDIENCE, "hello:read")
          .header("kid", UUID.randomUUID().toString()).sign();
      assertUnauthorized(helloWith(forged));
    }

    long elapsedSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    // fetches start at least 10 s apart (6 a minute): one may start at once, then one per 10 s elapsed
    assertThat(issuer.requests("/jwks.json") - before).isLessThanOrEqualTo(1 + (int) (elapsedSeconds / 10));
  }
}
