package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.Binding;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.LogCapture;
import dev.signet.testing.TestKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /admin/*} and {@code /me/*} take only tokens scoped to this server: {@code aud} = its
 * issuer, or {@code htm} and {@code htu} bound to the request (with {@code bsh} when there is a
 * body). A seed-style token names no server and stays good on {@code /whoami} only (issue 12,
 * item 3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerScopedTokensTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final byte[] NO_BODY = new byte[0];

  TestServer server;
  ApiClient admin;
  ApiClient alice;

  @BeforeAll
  void start() {
    server = TestServer.start();
    alice = server.createPrincipal("alice", ALICE);
    admin = server.as("admin", TestServer.ADMIN_KEY); // compatible profile, bound to nothing
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test // gh-12 item 3: a compat admin token with neither aud nor htu was accepted
  void adminRoute_seedStyleToken_401AndTheLogSaysWhy() {
    try (LogCapture logs = LogCapture.start()) {
      Response response = admin.get("/admin/principals");

      assertInvalidToken(response);
      assertThat(logs.lines()).anyMatch(l -> l.contains("rejection=MISSING_CLAIM principal=admin")
          && l.contains("this route needs a token scoped to this server: 'aud' = '" + server.issuer()
              + "', or 'htm' and 'htu' bound to the request (the token has neither)"));
    }
  }

  @Test
  void meRoutes_seedStyleToken_401() {
    assertInvalidToken(alice.get("/me/keys"));
    assertInvalidToken(alice.post("/me/keys", ApiClient.json("public_key", TestKeys.of(Algorithm.ES256, "alice-2").publicKey().toPem())));
    assertInvalidToken(alice.delete("/me/keys/" + ALICE.kid()));
    assertThat(alice.bound().get("/me/keys").status()).isEqualTo(200);
  }

  @Test
  void whoami_seedStyleToken_stillAccepted() {
    assertThat(alice.get("/whoami").status()).isEqualTo(200);
    assertThat(admin.post("/whoami", "{}").status()).isEqualTo(200);
  }

  @Test
  void adminRoute_standardTokenForThisIssuer_accepted() {
    assertThat(admin.standard(server.issuer()).get("/admin/principals").status()).isEqualTo(200);
    assertThat(alice.standard(server.issuer()).get("/me/keys").status()).isEqualTo(200);
  }

  @Test
  void adminRoute_standardTokenForAnotherServer_401() {
    assertInvalidToken(admin.standard("http://other-signet.example").get("/admin/principals"));
  }

  @Test
  void adminRoute_onlyHtmOrOnlyHtu_401() {
    URI url = admin.bound().uri("/admin/principals");
    for (Binding only : EnumSet.of(Binding.HTM, Binding.HTU)) {
      String token = TokenSigner.of(TestServer.ADMIN_KEY).requestToken("admin")
          .bind(RequestContext.of("GET", URI.create(server.issuer() + "/admin/principals")), EnumSet.of(only)).sign();

      assertInvalidToken(admin.sendWithAuthorization("GET", "/admin/principals", NO_BODY, "JWT " + token));
    }
    assertThat(url.getPath()).isEqualTo("/admin/principals");
  }

  @Test
  void adminRoute_boundTokenWithoutBshOnARequestWithABody_401() {
    byte[] body = ApiClient.json("name", "mallory", "roles", java.util.List.of("admin")).getBytes(StandardCharsets.UTF_8);
    String noBsh = TokenSigner.of(TestServer.ADMIN_KEY).requestToken("admin")
        .bind(RequestContext.of("POST", URI.create(server.issuer() + "/admin/principals"), body), EnumSet.of(Binding.HTM, Binding.HTU))
        .sign();

    assertInvalidToken(admin.send("POST", "/admin/principals", body,
        Map.of("Authorization", "JWT " + noBsh, "Content-Type", "application/json")));
    assertThat(server.admin().get("/admin/principals/mallory").status()).isEqualTo(404);
  }

  @Test
  void adminRoute_fullyBoundToken_accepted() {
    Response created = server.admin().post("/admin/principals", ApiClient.json("name", "bob"));

    assertThat(created.status()).isEqualTo(201);
  }
}
