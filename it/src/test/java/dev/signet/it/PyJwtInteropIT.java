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
import dev.signet.Algorithm;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.KeySource;
import dev.signet.KeyType;
import dev.signet.Rejection;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.TokenProfile;
import dev.signet.TokenSigner;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.VerificationKey;
import dev.signet.VerifiedToken;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signet and PyJWT (Debian's python3-jwt under /usr/bin/python3), both directions, for RS256,
 * PS256, ES256, ES384, ES512 and EdDSA.
 *
 * <p>PyJWT signs request tokens with the private PEMs Signet wrote (PKCS#8, and PKCS#1/SEC1 from
 * {@link SigningKey#toTraditionalPem()}); Signet verifies them with the public keys PyJWT's
 * cryptography exported. Signet signs request tokens; PyJWT verifies them with Signet's public
 * PEM, with its JWK ({@code jwt.PyJWK}), and through its JWKS over HTTP ({@code jwt.PyJWKClient}).
 * Tokens PyJWT makes that Signet must refuse: {@code alg: none}, HS256 with a secret, HS256 keyed
 * with the public PEM.
 *
 * <p>All PyJWT work happens in one python run before the tests; the verifiers' clock is set to
 * the moment it ended, so a slow machine cannot push a token out of its ±20 s window.
 */
class PyJwtInteropIT {
  private static final String PRINCIPAL = "alice";
  private static final String AUDIENCE = "https://api.example.com";
  static final List<Algorithm> ALGORITHMS = List.of(RS256, PS256, ES256, ES384, ES512, EdDSA);
  static final List<Algorithm> TRADITIONAL_PEM_ALGORITHMS =
      ALGORITHMS.stream().filter(a -> a.keyType() != KeyType.OKP).toList();

  private static JwksServer jwks;
  private static ForeignScript.Results pyjwt;
  private static MutableClock clock;

  @BeforeAll
  static void runPyJwt() {
    jwks = JwksServer.serving(VerificationKey.toJwks(ALGORITHMS.stream().map(a -> key(a).publicKey()).toList()));
    List<Case> cases = new ArrayList<>();
    for (Algorithm alg : ALGORITHMS) {
      SigningKey key = key(alg);
      for (String use : List.of("accepted", "replayed", "tampered")) {
        cases.add(pyjwtSigns(use + "/" + alg, alg, key.toPem(), key.kid()).with("profile", "compatible"));
      }
      cases.add(pyjwtSigns("standard/" + alg, alg, key.toPem(), key.kid()).with("profile", "standard").with("audience", AUDIENCE));
      if (alg.keyType() != KeyType.OKP) {
        cases.add(pyjwtSigns("traditional/" + alg, alg, key.toTraditionalPem(), null).with("profile", "compatible"));
      }
      TokenSigner signer = TokenSigner.of(key);
      cases.add(pyjwtVerifies("pem/" + alg, alg, signer.requestToken(PRINCIPAL).sign())
          .with("key", Map.of("pem", key.publicKey().toPem()))
          .with("require", List.of("username", "time", "nonce")));
      cases.add(pyjwtVerifiesStandard("jwk/" + alg, alg, signer.requestToken(PRINCIPAL).audience(AUDIENCE).sign(), AUDIENCE)
          .with("key", Map.of("jwk", ForeignScript.json(key.publicKey().toJwk()))));
      cases.add(pyjwtVerifiesStandard("jwks/" + alg, alg, signer.requestToken(PRINCIPAL).audience(AUDIENCE).sign(), AUDIENCE)
          .with("key", Map.of("jwks_url", jwks.uri().toString())));
    }
    SigningKey rsa = key(RS256);
    cases.add(new Case("other-audience", "verify").with("alg", "RS256")
        .with("token", TokenSigner.of(rsa).requestToken(PRINCIPAL).audience("https://other.example.com").sign())
        .with("key", Map.of("pem", rsa.publicKey().toPem())).with("audience", AUDIENCE));
    cases.add(new Case("none", "sign_unsecured").with("profile", "compatible").with("principal", PRINCIPAL));
    cases.add(new Case("hs256", "sign_hmac").with("secret", "a shared secret of 32 bytes or more")
        .with("profile", "compatible").with("principal", PRINCIPAL));
    cases.add(new Case("hs256-public-pem", "sign_hmac_pem").with("public_pem", rsa.publicKey().toPem()).with("kid", rsa.kid())
        .with("profile", "compatible").with("principal", PRINCIPAL));
    pyjwt = ForeignScript.pyJwt().run(cases);
    clock = MutableClock.at(Instant.now());
  }

  @AfterAll
  static void stopJwksServer() {
    if (jwks != null) {
      jwks.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verify_pyjwtCompatibleTokenWithKid_accepted(Algorithm alg) {
    String token = pyjwt.token("accepted/" + alg);

    VerifiedToken verified = Verified.requestToken(verifier().verify(token), token, PRINCIPAL, TokenProfile.COMPATIBLE, alg);

    assertThat(verified.keyId()).isEqualTo(key(alg).kid());
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("TRADITIONAL_PEM_ALGORITHMS")
  void verify_pyjwtTokenSignedWithTraditionalPemAndNoKid_accepted(Algorithm alg) {
    VerifiedToken verified = valid(verifier().verify(pyjwt.token("traditional/" + alg)));

    assertThat(verified.principal()).isEqualTo(PRINCIPAL);
    assertThat(verified.algorithm()).isEqualTo(alg);
    assertThat(verified.keyId()).isEqualTo(key(alg).kid());
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verify_pyjwtStandardToken_acceptedForAudience(Algorithm alg) {
    String token = pyjwt.token("standard/" + alg);

    VerifiedToken verified = Verified.requestToken(verifier().verify(token), token, PRINCIPAL, TokenProfile.STANDARD, alg);
    assertThat(verified.claims().audience()).containsExactly(AUDIENCE);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verify_pyjwtTokenTwice_secondRejectedAsReplayed(Algorithm alg) {
    String token = pyjwt.token("replayed/" + alg);
    RequestTokenVerifier verifier = verifier();
    valid(verifier.verify(token));

    assertThat(verifier.verify(token)).isEqualTo(new Verification.Invalid(Rejection.REPLAYED,
        "nonce '" + CompactJws.payload(token).get("nonce").asText() + "' of principal 'alice' was already used"));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void verify_pyjwtTokenWithAlteredNonce_rejectedAsBadSignature(Algorithm alg) {
    String tampered = CompactJws.withClaim(pyjwt.token("tampered/" + alg), "nonce", "another-nonce");

    assertThat(verifier().verify(tampered)).isEqualTo(new Verification.Invalid(Rejection.BAD_SIGNATURE,
        alg + " signature does not verify with key '" + key(alg).kid() + "' of principal 'alice'"));
  }

  static Stream<Arguments> refusedTokens() {
    return Stream.of(
        Arguments.of("none", "alg \"none\" is never accepted (unsigned)"),
        Arguments.of("hs256", "alg \"HS256\" is never accepted (HMAC: shared secret)"),
        Arguments.of("hs256-public-pem", "alg \"HS256\" is never accepted (HMAC: shared secret)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedTokens")
  void verify_pyjwtUnsignedOrHmacToken_rejectedAsUnsupportedAlgorithm(String caseId, String detail) {
    String token = pyjwt.token(caseId);
    TokenVerifier accessTokens = TokenVerifier.builder(KeySource.of(key(RS256).publicKey())).issuer(PRINCIPAL).clock(clock).build();

    assertThat(verifier().verify(token)).isEqualTo(new Verification.Invalid(Rejection.UNSUPPORTED_ALGORITHM, detail));
    assertThat(accessTokens.verify(token)).isEqualTo(new Verification.Invalid(Rejection.UNSUPPORTED_ALGORITHM, detail));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void pyjwtDecode_signetCompatibleToken_verifiedWithPublicPem(Algorithm alg) {
    JsonNode result = pyjwt.get("pem/" + alg);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("header").get("alg").asText()).isEqualTo(alg.name());
    assertThat(result.get("header").get("kid").asText()).isEqualTo(key(alg).kid());
    assertThat(result.get("claims").get("username").asText()).isEqualTo(PRINCIPAL);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void pyjwtDecode_signetStandardToken_verifiedWithJwk(Algorithm alg) {
    JsonNode result = pyjwt.get("jwk/" + alg);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("claims").get("sub").asText()).isEqualTo(PRINCIPAL);
    assertThat(result.get("claims").get("aud").asText()).isEqualTo(AUDIENCE);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALGORITHMS")
  void pyJwkClient_signetJwksOverHttp_findsKeyByKidAndVerifies(Algorithm alg) {
    JsonNode result = pyjwt.get("jwks/" + alg);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("header").get("kid").asText()).isEqualTo(key(alg).kid());
    assertThat(result.get("claims").get("iss").asText()).isEqualTo(PRINCIPAL);
  }

  @Test
  void pyjwtDecode_signetTokenForAnotherAudience_rejectedByPyJwt() {
    JsonNode result = pyjwt.get("other-audience");

    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("rejected").asText()).startsWith("InvalidAudienceError");
  }

  /** The principal's keys are the public PEMs PyJWT's cryptography wrote, not Signet's own objects. */
  private static RequestTokenVerifier verifier() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys();
    for (Algorithm alg : ALGORITHMS) {
      keys.add(PRINCIPAL, VerificationKey.parse(pyjwt.get("accepted/" + alg).get("public_pem").asText()));
    }
    return RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();
  }

  private static SigningKey key(Algorithm alg) {
    return TestKeys.of(alg, "pyjwt-interop");
  }

  private static Case pyjwtSigns(String id, Algorithm alg, String pem, String kid) {
    return new Case(id, "sign").with("alg", alg.name()).with("key_pem", pem).with("kid", kid).with("principal", PRINCIPAL);
  }

  private static Case pyjwtVerifies(String id, Algorithm alg, String token) {
    return new Case(id, "verify").with("alg", alg.name()).with("token", token);
  }

  private static Case pyjwtVerifiesStandard(String id, Algorithm alg, String token, String audience) {
    return pyjwtVerifies(id, alg, token).with("audience", audience).with("issuer", PRINCIPAL)
        .with("require", List.of("iss", "sub", "aud", "iat", "exp", "jti"));
  }
}
