package dev.signet.it;

import static dev.signet.Algorithm.ES256;
import static dev.signet.Algorithm.ES384;
import static dev.signet.Algorithm.ES512;
import static dev.signet.Algorithm.EdDSA;
import static dev.signet.Algorithm.PS256;
import static dev.signet.Algorithm.RS256;
import static dev.signet.it.Verified.valid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Algorithm;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.KeySource;
import dev.signet.KeyType;
import dev.signet.Rejection;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenProfile;
import dev.signet.TokenSigner;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.VerificationKey;
import dev.signet.VerifiedToken;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Signet and panva's {@code jose} (npm, Node.js), both directions, for RS256, PS256, ES256, ES384,
 * ES512, EdDSA and Ed25519 (the RFC 9864 name).
 *
 * <p>jose signs request tokens with Signet's private keys (PKCS#8 through {@code importPKCS8}, the
 * private JWK through {@code importJWK}, PKCS#1/SEC1 through node:crypto); Signet's
 * {@link RequestTokenVerifier} accepts them. jose verifies Signet's request tokens against
 * Signet's JWKS ({@code createLocalJWKSet}) with its own issuer, audience, {@code typ} and age
 * checks, and Signet's RFC 9068 access tokens. jose generates keys and issues access tokens
 * ({@code typ: at+jwt}) that Signet's {@link TokenVerifier} accepts from a JWKS file of jose's
 * public JWKs.
 *
 * <p>All jose work happens in one node run before the tests; the verifiers' clock is set to the
 * moment it ended.
 */
class JoseInteropIT {
  private static final String PRINCIPAL = "alice";
  private static final String AUDIENCE = "https://api.example.com";
  private static final String ISSUER = "https://auth.example.com";
  private static final String RESOURCE = "orders-api";
  private static final String CLIENT = "billing-service";
  static final List<Algorithm> ALGORITHMS = List.of(RS256, PS256, ES256, ES384, ES512, EdDSA, Algorithm.Ed25519);
  static final List<Algorithm> TRADITIONAL_PEM_ALGORITHMS =
      ALGORITHMS.stream().filter(a -> a.keyType() != KeyType.OKP).toList();

  @TempDir static Path dir;
  private static ForeignScript.Results jose;
  private static MutableClock clock;

  @BeforeAll
  static void runJose() {
    ForeignScript script = ForeignScript.jose();
    String jwks = VerificationKey.toJwks(ALGORITHMS.stream().map(a -> key(a).publicKey()).toList());
    List<Case> cases = new ArrayList<>();
    for (Algorithm alg : ALGORITHMS) {
      SigningKey key = key(alg);
      cases.add(joseSigns("pkcs8/" + alg, alg, Map.of("pkcs8", key.toPem())).with("kid", key.kid()).with("profile", "compatible"));
      cases.add(joseSigns("jwk/" + alg, alg, Map.of("jwk", ForeignScript.json(key.toJwk()))).with("kid", key.kid())
          .with("profile", "standard").with("audience", AUDIENCE));
      if (alg.keyType() != KeyType.OKP) {
        cases.add(joseSigns("traditional/" + alg, alg, Map.of("pkcs1", key.toTraditionalPem())).with("profile", "compatible"));
      }
      TokenSigner signer = TokenSigner.of(key);
      cases.add(joseVerifies("spki/" + alg, alg, signer.requestToken(PRINCIPAL).sign())
          .with("key", Map.of("spki", key.publicKey().toPem())).with("typ", "JWT"));
      cases.add(joseVerifies("jwks/" + alg, alg, signer.requestToken(PRINCIPAL).audience(AUDIENCE).sign())
          .with("key", Map.of("jwks", ForeignScript.json(jwks)))
          .with("issuer", PRINCIPAL).with("audience", AUDIENCE).with("typ", "JWT")
          .with("requiredClaims", List.of("sub", "iat", "exp", "jti")).with("maxTokenAge", "60s"));
      cases.add(joseVerifies("access/" + alg, alg, signer.sign(accessTokenClaims(), "at+jwt"))
          .with("key", Map.of("jwks", ForeignScript.json(jwks)))
          .with("issuer", ISSUER).with("audience", RESOURCE).with("typ", "at+jwt")
          .with("requiredClaims", List.of("sub", "iat", "exp", "jti", "client_id")));
      cases.add(joseIssues("issued/" + alg, alg));
    }
    cases.add(joseIssues("issued-typ-jwt", ES256).with("typ", "JWT"));
    cases.add(joseVerifies("other-audience", RS256, TokenSigner.of(key(RS256)).requestToken(PRINCIPAL).audience("https://other.example.com").sign())
        .with("key", Map.of("jwks", ForeignScript.json(jwks))).with("audience", AUDIENCE));
    jose = script.run(cases);
    clock = MutableClock.at(Instant.now());
  }

  @Test
  void npmCi_committedLockFile_installsPinnedJose() {
    assertThat(jose.versions().get("jose").asText()).isEqualTo("6.2.18");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verify_joseCompatibleTokenFromPkcs8_accepted(Algorithm alg) {
    String token = jose.token("pkcs8/" + alg);

    VerifiedToken verified = Verified.requestToken(verifier().verify(token), token, PRINCIPAL, TokenProfile.COMPATIBLE, alg);

    assertThat(verified.keyId()).isEqualTo(key(alg).kid());
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verify_joseStandardTokenFromPrivateJwk_acceptedForAudience(Algorithm alg) {
    String token = jose.token("jwk/" + alg);

    Verified.requestToken(verifier().verify(token), token, PRINCIPAL, TokenProfile.STANDARD, alg);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("TRADITIONAL_PEM_ALGORITHMS")
  void verify_joseTokenSignedWithTraditionalPemAndNoKid_accepted(Algorithm alg) {
    VerifiedToken verified = valid(verifier().verify(jose.token("traditional/" + alg)));

    assertThat(verified.algorithm()).isEqualTo(alg);
    assertThat(verified.keyId()).isEqualTo(key(alg).kid());
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void joseJwtVerify_signetCompatibleToken_verifiedWithSpki(Algorithm alg) {
    JsonNode result = jose.get("spki/" + alg);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("header").get("alg").asText()).isEqualTo(alg.name());
    assertThat(result.get("claims").get("username").asText()).isEqualTo(PRINCIPAL);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void joseJwtVerify_signetStandardTokenAgainstSignetJwks_passesIssuerAudienceAndTypeChecks(Algorithm alg) {
    JsonNode result = jose.get("jwks/" + alg);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("header").get("kid").asText()).isEqualTo(key(alg).kid());
    assertThat(result.get("claims").get("iss").asText()).isEqualTo(PRINCIPAL);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void joseJwtVerify_signetAccessToken_passesRfc9068Checks(Algorithm alg) {
    JsonNode result = jose.get("access/" + alg);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("header").get("typ").asText()).isEqualTo("at+jwt");
    assertThat(result.get("claims").get("scope").asText()).isEqualTo("orders:read orders:write");
  }

  @Test
  void joseJwtVerify_signetTokenForAnotherAudience_rejectedByJose() {
    JsonNode result = jose.get("other-audience");

    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("rejected").asText()).startsWith("ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"aud\" claim value");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verifyAccessToken_joseIssuedWithJoseKeys_acceptedFromJwksFile(Algorithm alg) throws IOException {
    JsonNode issued = jose.get("issued/" + alg);

    VerifiedToken verified = valid(accessTokenVerifier().verify(issued.get("token").asText()));

    assertThat(verified.principal()).isEqualTo(CLIENT);
    assertThat(verified.profile()).isEqualTo(TokenProfile.ACCESS_TOKEN);
    assertThat(verified.algorithm()).isEqualTo(alg);
    assertThat(verified.keyId()).isEqualTo(issued.get("jwk").get("kid").asText());
    assertThat(verified.scopes()).containsExactly("orders:read", "orders:write");
    assertThat(verified.claims().string("client_id")).contains(CLIENT);
  }

  @Test
  void verifyAccessToken_joseTokenTypedJwt_rejectedAsWrongType() throws IOException {
    String token = jose.token("issued-typ-jwt");

    assertThat(accessTokenVerifier().verify(token))
        .isEqualTo(new Verification.Invalid(Rejection.WRONG_TYPE, "typ is \"JWT\"; expected one of [at+jwt]"));
  }

  private static RequestTokenVerifier verifier() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys();
    ALGORITHMS.forEach(alg -> keys.add(PRINCIPAL, key(alg).publicKey()));
    return RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();
  }

  /** A verifier whose trust anchor is a JWKS file of the public JWKs jose exported. */
  private static TokenVerifier accessTokenVerifier() throws IOException {
    ObjectNode jwks = ForeignScript.JSON.createObjectNode();
    ArrayNode keys = jwks.putArray("keys");
    for (Algorithm alg : ALGORITHMS) {
      keys.add(jose.get("issued/" + alg).get("jwk"));
    }
    keys.add(jose.get("issued-typ-jwt").get("jwk"));
    Path file = Files.writeString(dir.resolve("jose-jwks.json"), ForeignScript.JSON.writeValueAsString(jwks));
    return TokenVerifier.builder(KeySource.jwksFile(file))
        .issuer(ISSUER).audience(RESOURCE).requiredScopes("orders:read").clock(clock).build();
  }

  private static TokenClaims accessTokenClaims() {
    Instant now = Instant.now();
    return TokenClaims.builder().issuer(ISSUER).subject(CLIENT).audience(RESOURCE)
        .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(5))).id("at-" + now.toEpochMilli())
        .claim("client_id", CLIENT).claim("scope", "orders:read orders:write").build();
  }

  private static SigningKey key(Algorithm alg) {
    return TestKeys.of(alg, "jose-interop");
  }

  private static Case joseSigns(String id, Algorithm alg, Map<String, Object> key) {
    return new Case(id, "sign").with("alg", alg.name()).with("key", key).with("principal", PRINCIPAL);
  }

  private static Case joseVerifies(String id, Algorithm alg, String token) {
    return new Case(id, "verify").with("alg", alg.name()).with("token", token);
  }

  private static Case joseIssues(String id, Algorithm alg) {
    return new Case(id, "access_token").with("alg", alg.name())
        .with("issuer", ISSUER).with("subject", CLIENT).with("audience", RESOURCE).with("scope", "orders:read orders:write");
  }
}
