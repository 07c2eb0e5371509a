package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.examples.testing.AppProcess;
import dev.signet.examples.testing.Http;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.it.ContinuousRequests.Outcome;
import dev.signet.testing.TestDpop;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The example apps ({@code examples/spring-boot/target/app.jar} and {@code
 * examples/javalin/target/app.jar}, built by the reactor before this module) started as their
 * READMEs say, against the real {@code signet server} rather than the examples' own test issuer:
 * keys found through the server's RFC 8414 metadata, tokens from its {@code /oauth/token}. A
 * token with scope {@code hello:read} is served, one without it 403, no token, another issuer's
 * and a DPoP-bound one without its proof 401; and a signing-key rotation on the server under
 * continuous requests to both apps fails none.
 *
 * <p>The rotation follows the server's contract: a new key is published before it signs, at least
 * a verifier's JWKS cache lifetime ahead. The apps cache the JWKS for 5 min (refreshed from 3¾ min
 * on), so the test publishes the new key ({@code POST /admin/signing-keys}) before the apps' first
 * fetch rather than waiting 4 min, and then, with requests running, retires the active key so that
 * the new one signs. A key that takes over before a verifier fetched it (rotate and retire at once
 * on a running app) is refused by Signet's {@code RemoteJwks} until its background refetch, which
 * the fetch bound (one per 10 s) may delay: that is what publishing ahead is for.
 */
class ExampleAppsIT {
  static final List<String> APPS = List.of("spring-boot", "javalin");
  private static final String AUDIENCE = "hello-api";
  private static final Duration START_LIMIT = Duration.ofMinutes(3);
  private static final List<String> CHALLENGES = List.of("Bearer error=\"invalid_token\"",
      "DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\"");

  @TempDir static Path dir;
  static ServerProcess server;
  static ApiClient admin;
  static OAuthClient client;
  static TestIssuer stranger;
  static String activeAtStart;
  static final Map<String, AppProcess> apps = new LinkedHashMap<>();

  @BeforeAll
  static void startServerAndExamples() throws IOException {
    SigningKey adminKey = TestKeys.fresh(Algorithm.ES256);
    Path adminPub = Files.writeString(dir.resolve("admin.pub"), adminKey.publicKey().toPem());
    server = ServerProcess.start(dir.resolve("data"), "--admin-key", adminPub.toString());
    admin = new ApiClient(server.url(), adminKey, "admin");
    client = new OAuthClient(server.url(), TestKeys.fresh(Algorithm.ES256), "hello-client").register(admin, List.of("hello:read", "other:read"));
    stranger = TestIssuer.start(TestKeys.of(Algorithm.ES256, "examples-stranger"));
    activeAtStart = AccessTokenInteropIT.activeKid(admin);
    admin.call("POST", "/admin/signing-keys", null); // published now, signing after the publish-ahead time (15 min)
    String issuer = server.url().toString();
    CompletableFuture<AppProcess> spring = CompletableFuture.supplyAsync(
        () -> AppProcess.start(jar("spring-boot"), START_LIMIT, "--server.port=0", "--signet.issuer=" + issuer), ExampleAppsIT::thread);
    CompletableFuture<AppProcess> javalin = CompletableFuture.supplyAsync(
        () -> AppProcess.start(jar("javalin"), START_LIMIT, "--port", "0", "--issuer", issuer), ExampleAppsIT::thread);
    apps.put("spring-boot", spring.join());
    apps.put("javalin", javalin.join());
  }

  private static void thread(Runnable task) {
    Thread.ofPlatform().daemon().start(task);
  }

  private static Path jar(String example) {
    return Path.of(System.getProperty("signet.examples", "../examples"), example, "target", "app.jar");
  }

  @AfterAll
  static void stopAll() {
    apps.values().forEach(AppProcess::close);
    if (stranger != null) {
      stranger.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> hello(String app, String... headers) {
    return new Http(apps.get(app).base()).get("/hello", headers);
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).isEqualTo(CHALLENGES);
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\"}");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void hello_tokenFromTheServersTokenEndpointWithTheScope_200(String app) {
    HttpResponse<String> response = hello(app, "Authorization", "Bearer " + client.accessToken("hello:read", AUDIENCE));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"principal\":\"hello-client\",\"scope\":\"hello:read\"}");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void hello_tokenFromTheServerWithoutTheScope_403InsufficientScope(String app) {
    HttpResponse<String> response = hello(app, "Authorization", "Bearer " + client.accessToken("other:read", AUDIENCE));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"insufficient_scope\", scope=\"hello:read\"");
    assertThat(response.body()).isEqualTo("{\"error\":\"insufficient_scope\"}");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void hello_noToken_401(String app) {
    assertUnauthorized(hello(app));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void hello_anotherIssuersTokenOrOneForgedInTheServersName_401(String app) {
    assertUnauthorized(hello(app, "Authorization", "Bearer " + stranger.accessToken("hello-client", AUDIENCE, "hello:read")));
    String forged = TestTokens.signedBy(stranger.key()).accessToken(server.url().toString(), "hello-client", AUDIENCE, "hello:read").sign();
    assertUnauthorized(hello(app, "Authorization", "Bearer " + forged));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void hello_dpopBoundTokenFromTheServerWithoutItsProof_401(String app) {
    SigningKey proofKey = TestKeys.fresh(Algorithm.ES256);
    String proof = TestDpop.proof(proofKey).method("POST").url(client.tokenEndpoint()).sign();
    HttpResponse<String> issued = client.request(Map.of("scope", "hello:read", "audience", AUDIENCE), "DPoP", proof);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    assertThat(ApiClient.parse(issued.body()).path("token_type").asText()).isEqualTo("DPoP");
    String bound = ApiClient.parse(issued.body()).path("access_token").asText();

    assertUnauthorized(hello(app, "Authorization", "Bearer " + bound));
    assertUnauthorized(hello(app, "Authorization", "DPoP " + bound));
  }

  @Test
  void hello_publishedKeyTakesOverOnTheServerUnderContinuousRequests_noRequestFailsInEitherApp() {
    String old = activeAtStart;
    Map<String, URI> targets = new LinkedHashMap<>();
    apps.forEach((name, app) -> targets.put(name, app.base().resolve("/hello")));
    List<Outcome> outcomes;
    try (ContinuousRequests requests = ContinuousRequests.start(() -> client.accessToken("hello:read", AUDIENCE), targets)) {
      requests.awaitMore(20, o -> true);
      admin.call("POST", "/admin/signing-keys/" + old + "/retire", null); // the published key signs from now on
      requests.awaitMore(20, o -> !o.kid().equals(old));
      outcomes = requests.stop();
    }

    assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
    for (String app : APPS) {
      assertThat(outcomes).filteredOn(o -> o.target().equals(app)).extracting(Outcome::kid)
          .contains(old).anyMatch(kid -> !kid.equals(old));
    }
  }
}
