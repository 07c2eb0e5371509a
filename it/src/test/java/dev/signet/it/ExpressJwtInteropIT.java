package dev.signet.it;

import static dev.signet.Algorithm.ES256;
import static dev.signet.Algorithm.ES384;
import static dev.signet.Algorithm.ES512;
import static dev.signet.Algorithm.EdDSA;
import static dev.signet.Algorithm.PS256;
import static dev.signet.Algorithm.RS256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import dev.signet.VerificationKey;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Signet's access tokens against the Express verifier of shared/seeds/002, run as written there:
 * express-jwt 8 with jwks-rsa's {@code expressJwtSecret} fetching Signet's JWKS over HTTP, issuer
 * and audience checks, then express-jwt-authz for the scope; a real Express app called over HTTP.
 *
 * <p>That stack verifies with jsonwebtoken 9, which knows RS*, PS* and ES* but not EdDSA (it
 * refuses Ed25519 keys as an unknown key type): a service behind it needs RSA or EC keys from its
 * issuer.
 */
class ExpressJwtInteropIT {
  private static final String ISSUER = "https://auth.example.com";
  private static final String AUDIENCE = "humans"; // the seed's audience
  private static final String CLIENT = "sample-client";
  static final List<Algorithm> ALGORITHMS = List.of(RS256, PS256, ES256, ES384, ES512);

  private static JwksServer jwks;
  private static ForeignScript.Results express;

  @BeforeAll
  static void runExpress() {
    List<SigningKey> keys = new ArrayList<>(ALGORITHMS.stream().map(ExpressJwtInteropIT::key).toList());
    keys.add(key(EdDSA));
    jwks = JwksServer.serving(VerificationKey.toJwks(keys.stream().map(SigningKey::publicKey).toList()));
    List<Case> cases = new ArrayList<>();
    for (SigningKey key : keys) {
      cases.add(request("accepted/" + key.algorithm(), key.algorithm(), accessToken(key, AUDIENCE, "sample-application")));
    }
    cases.add(request("other-audience", RS256, accessToken(key(RS256), "robots", "sample-application")));
    cases.add(request("missing-scope", RS256, accessToken(key(RS256), AUDIENCE, "other-application")));
    express = ForeignScript.expressJwt().run(cases);
  }

  @AfterAll
  static void stopJwksServer() {
    if (jwks != null) {
      jwks.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void expressJwt_signetAccessTokenWithJwksFromSignet_served(Algorithm alg) {
    JsonNode result = express.get("accepted/" + alg);

    assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(200);
    assertThat(result.get("body").get("user").get("sub").asText()).isEqualTo(CLIENT);
    assertThat(result.get("body").get("user").get("scope").asText()).isEqualTo("sample-application");
  }

  @Test
  void expressJwt_signetEdDsaAccessToken_refusedBecauseJsonwebtokenLacksEdDsa() {
    JsonNode result = express.get("accepted/EdDSA");

    assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(401);
    assertThat(result.get("body").get("error").asText()).isEqualTo("invalid_token");
    assertThat(result.get("body").get("message").asText()).isEqualTo("Unknown key type \"ed25519\".");
  }

  @Test
  void expressJwt_signetAccessTokenForAnotherAudience_unauthorized() {
    JsonNode result = express.get("other-audience");

    assertThat(result.get("status").asInt()).isEqualTo(401);
    assertThat(result.get("body").get("message").asText()).startsWith("jwt audience invalid");
  }

  @Test
  void expressJwtAuthz_signetAccessTokenWithoutTheScope_forbidden() {
    JsonNode result = express.get("missing-scope");

    assertThat(result.get("status").asInt()).isEqualTo(403);
    assertThat(result.get("body").asText()).isEqualTo("Insufficient scope");
  }

  private static String accessToken(SigningKey key, String audience, String scope) {
    Instant now = Instant.now();
    TokenClaims claims = TokenClaims.builder().issuer(ISSUER).subject(CLIENT).audience(audience)
        .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(5))).id("at-" + key.algorithm() + "-" + scope)
        .claim("client_id", CLIENT).claim("scope", scope).build();
    return TokenSigner.of(key).sign(claims, "at+jwt");
  }

  private static Case request(String id, Algorithm alg, String token) {
    return new Case(id, "request").with("token", token).with("jwks_uri", jwks.uri().toString())
        .with("issuer", ISSUER).with("audience", AUDIENCE).with("algorithms", List.of(alg.name()))
        .with("scopes", List.of("sample-application"));
  }

  private static SigningKey key(Algorithm alg) {
    return TestKeys.of(alg, "express-jwt-interop");
  }
}
