package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.it.ContinuousRequests.Outcome;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' own Node verifier (shared/seeds/002: express-jwt 8 with jwks-rsa's cached,
 * rate-limited {@code expressJwtSecret}, issuer, audience {@code humans}, {@code algorithms:
 * ['RS256']}, then express-jwt-authz) as a running Express app pointed at the real server's
 * {@code /keys.json}, given access tokens from the server's {@code /oauth/token}: the scope it
 * needs is accepted, another refused, and a signing-key rotation (a new key, then the active one
 * retired so that the new one signs) under continuous requests fails none of them.
 */
class ExpressJwtRotationIT {
  private static final String AUDIENCE = "humans"; // the seed's
  private static final String SCOPE = "sample-application";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static ServerProcess server;
  static ApiClient admin;
  static OAuthClient client;
  static ForeignApp express;

  @BeforeAll
  static void startServerAndSeedVerifier() throws IOException {
    SigningKey adminKey = TestKeys.fresh(Algorithm.ES256);
    Path adminPub = Files.writeString(dir.resolve("admin.pub"), adminKey.publicKey().toPem());
    server = ServerProcess.start(dir.resolve("data"), "--admin-key", adminPub.toString());
    admin = new ApiClient(server.url(), adminKey, "admin");
    client = new OAuthClient(server.url(), TestKeys.fresh(Algorithm.ES256), "sample-client").register(admin, List.of(SCOPE, "other:read"));
    express = ForeignScript.expressJwtServer().serve(ApiClient.json(Map.of("jwks_uri", server.url() + "/keys.json",
        "issuer", server.url().toString(), "audience", AUDIENCE, "algorithms", List.of("RS256"), "scopes", List.of(SCOPE))));
  }

  @AfterAll
  static void stop() {
    if (express != null) {
      express.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static URI api() {
    return URI.create(express.url() + "/api");
  }

  private static HttpResponse<String> call(String token) {
    try {
      return HTTP.send(HttpRequest.newBuilder(api()).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void seedVerifier_tokenFromTheTokenEndpoint_acceptedWithClaimsOnReqAuth() {
    HttpResponse<String> response = call(client.accessToken(SCOPE, AUDIENCE));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode user = ApiClient.parse(response.body()).path("user");
    assertThat(user.path("iss").asText()).isEqualTo(server.url().toString());
    assertThat(user.path("sub").asText()).isEqualTo("sample-client");
    assertThat(user.path("client_id").asText()).isEqualTo("sample-client");
    assertThat(user.path("scope").asText()).isEqualTo(SCOPE);
  }

  @Test
  void seedVerifier_tokenWithAnotherScope_forbiddenByExpressJwtAuthz() {
    HttpResponse<String> response = call(client.accessToken("other:read", AUDIENCE));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("Insufficient scope");
  }

  @Test
  void seedVerifier_tokenForAnotherAudience_unauthorized() {
    HttpResponse<String> response = call(client.accessToken(SCOPE, "robots"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(ApiClient.parse(response.body()).path("message").asText()).startsWith("jwt audience invalid");
  }

  @Test
  void seedVerifier_signingKeyRotatedAndOldKeyRetiredUnderContinuousRequests_noRequestFails() {
    String old = AccessTokenInteropIT.activeKid(admin);
    List<Outcome> outcomes;
    try (ContinuousRequests requests = ContinuousRequests.start(() -> client.accessToken(SCOPE, AUDIENCE), Map.of("express", api()))) {
      requests.awaitMore(10, o -> true);
      admin.call("POST", "/admin/signing-keys", null); // published now, signing after the publish-ahead time
      requests.awaitMore(10, o -> true);
      admin.call("POST", "/admin/signing-keys/" + old + "/retire", null); // the new key signs from now on
      requests.awaitMore(10, o -> !o.kid().equals(old));
      outcomes = requests.stop();
    }

    assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
    assertThat(outcomes).extracting(Outcome::kid).contains(old).anyMatch(kid -> !kid.equals(old));
    assertThat(express.output()).noneMatch(line -> line.contains("Error"));
  }
}
