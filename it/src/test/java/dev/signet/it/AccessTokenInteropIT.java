package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The real server's token endpoint against foreign code, both ways. Foreign verifiers read its
 * access tokens: panva's {@code jose} ({@code createRemoteJWKSet} + {@code jwtVerify}) and PyJWT
 * ({@code PyJWKClient}), for an RS256, an ES256 and an EdDSA signing key (the server rotates
 * through the three through the admin API; retired keys stay published). Foreign clients get
 * tokens: {@code jose} and PyJWT with {@code private_key_jwt} assertions of their own making, and
 * panva's {@code oauth4webapi} with a DPoP-bound token that it then presents to {@code /whoami}
 * with its proof.
 */
class AccessTokenInteropIT {
  static final List<Algorithm> SIGNING_ALGS = List.of(Algorithm.RS256, Algorithm.ES256, Algorithm.EdDSA);
  private static final String AUDIENCE = "https://orders.example.com";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static ServerProcess server;
  static ApiClient admin;
  static final Map<Algorithm, String> tokens = new LinkedHashMap<>();
  static SigningKey joseKey = TestKeys.fresh(Algorithm.ES256);
  static SigningKey pyJwtKey = TestKeys.fresh(Algorithm.RS256);
  static SigningKey oauth4webapiKey = TestKeys.fresh(Algorithm.ES256);

  @BeforeAll
  static void startServerAndIssueATokenWithEachAlgorithm() throws IOException {
    SigningKey adminKey = TestKeys.fresh(Algorithm.ES256);
    Path adminPub = Files.writeString(dir.resolve("admin.pub"), adminKey.publicKey().toPem());
    server = ServerProcess.start(dir.resolve("data"), "--admin-key", adminPub.toString());
    admin = new ApiClient(server.url(), adminKey, "admin");
    OAuthClient client = new OAuthClient(server.url(), TestKeys.fresh(Algorithm.ES256), "orders-client")
        .register(admin, List.of("orders:read", "orders:write"));
    new OAuthClient(server.url(), joseKey, "jose-client").register(admin, List.of("orders:read"));
    new OAuthClient(server.url(), pyJwtKey, "pyjwt-client").register(admin, List.of("orders:read"));
    new OAuthClient(server.url(), oauth4webapiKey, "oauth4webapi-client").register(admin, List.of("orders:read"));
    for (Algorithm alg : SIGNING_ALGS) {
      if (alg != Algorithm.RS256) { // the first key is RS256 (--signing-alg's default)
        rotateTo(alg);
      }
      String token = client.accessToken("orders:read", AUDIENCE);
      assertThat(OAuthClient.header(token).path("alg").asText()).isEqualTo(alg.name());
      tokens.put(alg, token);
    }
  }

  /** A new key of {@code alg}, then the active one retired so that the new one signs at once. */
  static void rotateTo(Algorithm alg) {
    String active = activeKid(admin);
    admin.call("POST", "/admin/signing-keys", ApiClient.json(Map.of("alg", alg.name())));
    admin.call("POST", "/admin/signing-keys/" + active + "/retire", null);
  }

  /** The {@code kid} of the server's signing key in use. */
  static String activeKid(ApiClient admin) {
    for (JsonNode key : admin.call("GET", "/admin/signing-keys", null)) {
      if (key.path("status").asText().equals("active") && key.path("use").asText().equals("sig")) {
        return key.path("kid").asText();
      }
    }
    throw new IllegalStateException("no active signing key");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static HttpResponse<String> whoami(String authorization) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/whoami")).header("Authorization", authorization).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String jwksUri() {
    return server.url() + "/.well-known/jwks.json";
  }

  @Test
  void jose_remoteJwksOfTheServer_verifiesItsAccessTokens() {
    List<Case> cases = new ArrayList<>();
    tokens.forEach((alg, token) -> cases.add(new Case("verify/" + alg, "verify").with("token", token).with("alg", alg.name())
        .with("key", Map.of("jwks_uri", jwksUri())).with("issuer", server.url().toString()).with("audience", AUDIENCE)
        .with("typ", "at+jwt").with("requiredClaims", List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope"))));
    cases.add(new Case("other-audience", "verify").with("token", tokens.get(Algorithm.RS256)).with("alg", "RS256")
        .with("key", Map.of("jwks_uri", jwksUri())).with("issuer", server.url().toString()).with("audience", "https://other.example.com"));
    ForeignScript.Results jose = ForeignScript.jose().run(cases);

    for (Algorithm alg : SIGNING_ALGS) {
      JsonNode result = jose.get("verify/" + alg);
      assertThat(result.path("ok").asBoolean()).as("%s: %s", alg, result).isTrue();
      assertThat(result.path("header").path("typ").asText()).isEqualTo("at+jwt");
      assertThat(result.path("claims").path("sub").asText()).isEqualTo("orders-client");
      assertThat(result.path("claims").path("client_id").asText()).isEqualTo("orders-client");
      assertThat(result.path("claims").path("scope").asText()).isEqualTo("orders:read");
    }
    assertThat(jose.get("other-audience").path("ok").asBoolean()).isFalse();
    assertThat(jose.get("other-audience").path("rejected").asText()).startsWith("ERR_JWT_CLAIM_VALIDATION_FAILED");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("SIGNING_ALGS")
  void pyJwt_pyJwkClientOnTheServersJwks_verifiesItsAccessToken(Algorithm alg) {
    Case verify = new Case("verify", "verify").with("token", tokens.get(alg)).with("alg", alg.name())
        .with("key", Map.of("jwks_url", jwksUri())).with("issuer", server.url().toString()).with("audience", AUDIENCE)
        .with("require", List.of("iss", "sub", "aud", "exp", "iat", "jti"));
    JsonNode result = ForeignScript.pyJwt().run(List.of(verify)).get("verify");

    assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("header").path("typ").asText()).isEqualTo("at+jwt");
    assertThat(result.path("claims").path("scope").asText()).isEqualTo("orders:read");
  }

  @Test
  void joseClient_ownPrivateKeyJwtAssertion_getsATokenThatWhoamiAccepts_replayedAssertionInvalidClient() {
    Case grant = new Case("grant", "jose_assertion").with("key_pkcs8", joseKey.toPem()).with("alg", "ES256")
        .with("client_id", "jose-client").with("audience", server.url() + "/oauth/token")
        .with("token_endpoint", server.url() + "/oauth/token").with("scope", "orders:read").with("replay", true);
    JsonNode result = ForeignScript.oauthClients().run(List.of(grant)).get("grant");

    JsonNode first = result.path("first");
    assertThat(first.path("status").asInt()).as(result.toString()).isEqualTo(200);
    assertThat(first.path("body").path("token_type").asText()).isEqualTo("Bearer");
    assertThat(first.path("body").path("scope").asText()).isEqualTo("orders:read");
    assertWhoami(whoami("Bearer " + first.path("body").path("access_token").asText()), "jose-client");
    assertThat(result.path("replayed").path("status").asInt()).isEqualTo(401);
    assertThat(result.path("replayed").path("body").path("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void pyJwtClient_ownPrivateKeyJwtAssertionForTheIssuer_getsATokenThatWhoamiAccepts() {
    Case grant = new Case("grant", "client_credentials").with("key_pem", pyJwtKey.toPem()).with("alg", "RS256")
        .with("client_id", "pyjwt-client").with("audience", server.url().toString())
        .with("token_endpoint", server.url() + "/oauth/token").with("scope", "orders:read");
    JsonNode result = ForeignScript.pyJwt().run(List.of(grant)).get("grant");

    assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(200);
    assertThat(result.path("body").path("token_type").asText()).isEqualTo("Bearer");
    assertWhoami(whoami("Bearer " + result.path("body").path("access_token").asText()), "pyjwt-client");
  }

  @Test
  void oauth4webapi_dpopBoundToken_whoamiWithItsProofIsAnAccessToken_asBearerRefused() {
    Case flow = new Case("dpop", "oauth4webapi").with("issuer", server.url().toString()).with("client_id", "oauth4webapi-client")
        .with("key_pkcs8", oauth4webapiKey.toPem()).with("alg", "ES256").with("scope", "orders:read")
        .with("resource", server.url() + "/whoami");
    JsonNode result = ForeignScript.oauthClients().run(List.of(flow)).get("dpop");

    assertThat(result.path("token_endpoint").asText()).isEqualTo(server.url() + "/oauth/token");
    assertThat(result.path("dpop_algs").isArray()).as(result.toString()).isTrue();
    assertThat(result.path("token_type").asText()).isEqualToIgnoringCase("DPoP");
    JsonNode claims = OAuthClient.claims(result.path("access_token").asText());
    assertThat(claims.path("cnf").path("jkt").asText()).isEqualTo(result.path("jkt").asText());
    JsonNode resource = result.path("resource");
    assertThat(resource.path("status").asInt()).as(resource.toString()).isEqualTo(200);
    assertThat(resource.path("body").path("principal").asText()).isEqualTo("oauth4webapi-client");
    assertThat(resource.path("body").path("method").asText()).isEqualTo("access-token");
    assertThat(resource.path("body").path("scope").asText()).isEqualTo("orders:read");
    assertThat(result.path("bearer").path("status").asInt()).isEqualTo(401);
  }

  private static void assertWhoami(HttpResponse<String> response, String principal) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = ApiClient.parse(response.body());
    assertThat(body.path("principal").asText()).isEqualTo(principal);
    assertThat(body.path("method").asText()).isEqualTo("access-token");
    assertThat(body.path("scope").asText()).isEqualTo("orders:read");
  }
}
