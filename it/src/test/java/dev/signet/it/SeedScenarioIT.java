package dev.signet.it;

import static dev.signet.it.Verified.valid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.Rejection;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.TokenProfile;
import dev.signet.TokenSigner;
import dev.signet.Verification;
import dev.signet.VerificationKey;
import dev.signet.VerifiedToken;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenario Signet started from: the asymmetric-jwt-auth README (shared/seeds/003) with the
 * example RSA key of the node-jose article (shared/seeds/000, PKCS#1 PEM). A client signs
 * {@code {"username", "time", "nonce"}} with RS256; the server checks the signature with the
 * user's public key, the time within ±20 s and the nonce once.
 *
 * <p>The client is PyJWT. asymmetric-jwt-auth itself is on PyPI only, which this machine cannot
 * reach, Debian does not package it, and its recent releases need Django and PyJWT ≥ 2.14
 * (Debian has 2.6). So {@code pyjwt_interop.py} restates what its source does, with PyJWT: its
 * signer ({@code Token.sign}: RS512 for RSA keys, EdDSA for Ed25519, {@code kid} = SHA-256 hex of
 * the key's PEM SubjectPublicKeyInfo) and its verifier ({@code UntrustedToken.verify}: RS512/384/256
 * or EdDSA only, no EC; non-empty claims; time within 20 s; nonce once per user and time).
 */
class SeedScenarioIT {
  private static final String USER = "guido"; // the README's example user

  private static SigningKey seedKey;
  private static VerificationKey seedPublicKey;
  private static ForeignScript.Results python;
  private static MutableClock clock;

  @BeforeAll
  static void runPython() {
    String seedPem = Resources.text("interop/keys/seed-rsa-pkcs1.pem");
    seedKey = SigningKey.parse(seedPem);
    seedPublicKey = VerificationKey.parse(Resources.text("interop/keys/seed-rsa.pub.pem")); // OpenSSL's output
    SigningKey ed25519 = TestKeys.of(Algorithm.EdDSA, "seed-scenario");
    String signetSeedToken = TokenSigner.of(seedKey).requestToken(USER).sign();
    python = ForeignScript.pyJwt().run(List.of(
        clientSigns("seed", seedPem),
        clientSigns("seed-replayed", seedPem),
        new Case("library/rsa", "ajwt_sign").with("key_pem", seedPem).with("principal", USER),
        new Case("library/ed25519", "ajwt_sign").with("key_pem", ed25519.toPem()).with("principal", USER),
        libraryVerifies("library-verifies/seed", signetSeedToken, seedPublicKey),
        libraryVerifies("library-verifies/seed-again", signetSeedToken, seedPublicKey),
        libraryVerifies("library-verifies/ed25519", TokenSigner.of(ed25519).requestToken(USER).sign(), ed25519.publicKey()),
        libraryVerifies("library-verifies/ps256",
            TokenSigner.of(seedKey.withAlgorithm(Algorithm.PS256)).requestToken(USER).sign(), seedPublicKey)));
    clock = MutableClock.at(Instant.now());
  }

  @Test
  void verify_seedKeyTokenSignedByPyJwt_acceptedAsCompatibleProfile() {
    String token = python.token("seed");

    VerifiedToken verified = valid(verifier(seedPublicKey).verify(token));

    assertThat(CompactJws.header(token).get("alg").asText()).isEqualTo("RS256");
    assertThat(CompactJws.header(token).has("kid")).isFalse();
    assertThat(verified.principal()).isEqualTo(USER);
    assertThat(verified.profile()).isEqualTo(TokenProfile.COMPATIBLE);
    assertThat(verified.algorithm()).isEqualTo(Algorithm.RS256);
    assertThat(verified.keyId()).isEqualTo(seedPublicKey.kid());
    assertThat(verified.claims().asMap()).containsOnlyKeys("username", "time", "nonce");
    assertThat(verified.issuedAt()).isEqualTo(Instant.ofEpochSecond(CompactJws.payload(token).get("time").asLong()));
  }

  @Test
  void verify_seedKeyTokenSignedByPyJwtTwice_secondRejectedAsReplayed() {
    String token = python.token("seed-replayed");
    RequestTokenVerifier verifier = verifier(seedPublicKey);
    valid(verifier.verify(token));

    assertThat(verifier.verify(token)).isEqualTo(new Verification.Invalid(Rejection.REPLAYED,
        "nonce '" + CompactJws.payload(token).get("nonce").asText() + "' of principal 'guido' was already used"));
  }

  @Test
  void verify_libraryShapedRsaToken_acceptedWhenKeyIsRegisteredUnderTheLibrarysKid() {
    JsonNode made = python.get("library/rsa");
    String libraryKid = libraryKid(seedPublicKey);

    VerifiedToken verified = valid(verifier(seedPublicKey.withKid(libraryKid)).verify(made.get("token").asText()));

    // Signet's PEM SPKI is byte for byte the PEM cryptography writes, so a server can compute this kid
    assertThat(made.get("kid").asText()).isEqualTo(libraryKid);
    assertThat(verified.algorithm()).isEqualTo(Algorithm.RS512);
    assertThat(verified.keyId()).isEqualTo(libraryKid);
  }

  @Test
  void verify_libraryShapedEd25519Token_acceptedWhenKeyIsRegisteredUnderTheLibrarysKid() {
    JsonNode made = python.get("library/ed25519");
    VerificationKey key = TestKeys.of(Algorithm.EdDSA, "seed-scenario").publicKey();

    VerifiedToken verified = valid(verifier(key.withKid(libraryKid(key))).verify(made.get("token").asText()));

    assertThat(verified.algorithm()).isEqualTo(Algorithm.EdDSA);
    assertThat(verified.principal()).isEqualTo(USER);
  }

  /**
   * The library's client names its key by its own fingerprint (hex SHA-256 of the PEM SPKI), not
   * the RFC 7638 thumbprint Signet gives keys by default; Signet knows keys by both names.
   */
  @Test
  void verify_libraryShapedRsaToken_acceptedUnderSignetsDefaultKid() {
    String token = python.token("library/rsa");

    VerifiedToken verified = valid(verifier(seedPublicKey).verify(token));

    assertThat(verified.keyId()).isEqualTo(seedPublicKey.kid());
    assertThat(verified.algorithm()).isEqualTo(Algorithm.RS512);
  }

  @Test
  void libraryVerify_signetTokenWithSeedKey_acceptedOnceThenNonceRefused() {
    JsonNode first = python.get("library-verifies/seed");
    JsonNode second = python.get("library-verifies/seed-again");

    assertThat(first.get("ok").asBoolean()).as(first.toString()).isTrue();
    assertThat(first.get("username").asText()).isEqualTo(USER);
    assertThat(second.get("ok").asBoolean()).isFalse();
    assertThat(second.get("rejected").asText()).isEqualTo("nonce: already used");
  }

  @Test
  void libraryVerify_signetEd25519Token_accepted() {
    JsonNode result = python.get("library-verifies/ed25519");

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
  }

  /** The library accepts RS512/RS384/RS256 from RSA keys: a Signet client pinned to PS256 cannot talk to it. */
  @Test
  void libraryVerify_signetPs256Token_refusedByTheLibrarysAlgorithmList() {
    JsonNode result = python.get("library-verifies/ps256");

    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("rejected").asText()).startsWith("signature: InvalidAlgorithmError");
  }

  /** A server like the library's: the compatible profile only. */
  private static RequestTokenVerifier verifier(VerificationKey key) {
    return RequestTokenVerifier.builder(new InMemoryPrincipalKeys().add(USER, key))
        .profiles(TokenProfile.COMPATIBLE).clock(clock).build();
  }

  /** asymmetric-jwt-auth's kid: the SHA-256 hex digest of the public key's PEM SubjectPublicKeyInfo. */
  private static String libraryKid(VerificationKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toPem().getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Case clientSigns(String id, String pem) {
    return new Case(id, "sign").with("alg", "RS256").with("key_pem", pem).with("profile", "compatible").with("principal", USER);
  }

  private static Case libraryVerifies(String id, String token, VerificationKey key) {
    return new Case(id, "ajwt_verify").with("token", token).with("public_pem", key.toPem());
  }
}
