package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.UNKNOWN_KEY;
import static dev.signet.Rejection.UNSUPPORTED_ALGORITHM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Fixtures.Harness;
import dev.signet.Fixtures.Kind;
import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code alg} header as an attacker sets it: {@code none}, HMAC (with the victim's public key
 * as the secret), unknown names, and algorithms that do not fit the key (RFC 8725 §2.1, §3.1).
 * Every case runs against both verifiers.
 */
class AlgorithmAttackTest {
  private static final String GARBAGE = Fixtures.b64("garbage signature");

  private final MutableClock clock = Fixtures.clock();

  static Stream<Arguments> noneSpellings() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Kind kind : Kind.values()) {
      for (String none : List.of("none", "None", "NONE", "nOnE")) {
        cases.add(Arguments.of(kind, none, ""));
        cases.add(Arguments.of(kind, none, GARBAGE));
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} alg={1} signature=''{2}''")
  @MethodSource("noneSpellings")
  void verify_algNone_rejectedWhateverTheSignature(Kind kind, String none, String signature) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", none).unsigned() + signature;

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg \"" + none + "\" is never accepted (unsigned)"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_algNoneWithTheVictimsRealSignature_rejected(Kind kind) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", "none").sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg \"none\" is never accepted (unsigned)"));
  }

  static Stream<Arguments> hmacAlgorithms() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of("HS256", "HS384", "HS512", "hs256").map(alg -> Arguments.of(kind, alg)));
  }

  @ParameterizedTest(name = "{0} alg={1}")
  @MethodSource("hmacAlgorithms")
  void verify_hmacAlgorithm_rejectedAsSharedSecret(Kind kind, String alg) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", alg).unsigned() + GARBAGE;

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg \"" + alg + "\" is never accepted (HMAC: shared secret)"));
  }

  static Stream<Arguments> victimsAndPublicKeyEncodings() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Kind kind : Kind.values()) {
      for (Algorithm alg : List.of(Algorithm.RS256, Algorithm.ES256, Algorithm.EdDSA)) {
        cases.add(Arguments.of(kind, alg, "SPKI DER"));
        cases.add(Arguments.of(kind, alg, "PEM text"));
      }
    }
    return cases.build();
  }

  /** The classic confusion: HS256 keyed with the bytes a verifier would have as the "key". */
  @ParameterizedTest(name = "{0} victim {1}, secret = {2}")
  @MethodSource("victimsAndPublicKeyEncodings")
  void verify_hs256KeyedWithVictimsPublicKey_rejected(Kind kind, Algorithm victimAlg, String encoding) {
    SigningKey victim = TestKeys.of(victimAlg);
    Harness h = kind.trusting(clock, victim.publicKey());
    byte[] secret = encoding.equals("PEM text")
        ? victim.publicKey().toPem().getBytes(StandardCharsets.US_ASCII)
        : victim.publicKey().key().getEncoded();
    String token = h.token(victim).hmacSignedWith(secret);

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg \"HS256\" is never accepted (HMAC: shared secret)"));
  }

  static Stream<Arguments> unknownAlgorithms() {
    return Stream.of(Kind.values())
        .flatMap(kind -> Stream.of("RS1", "ES256K", "es256", "eddsa", "EdDSA ", "RSA-OAEP", "", "nonE1").map(alg -> Arguments.of(kind, alg)));
  }

  @ParameterizedTest(name = "{0} alg=''{1}''")
  @MethodSource("unknownAlgorithms")
  void verify_unknownAlgorithm_rejected(Kind kind, String alg) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", alg).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg \"" + alg + "\" is never accepted"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_algMissing_rejectedAsMalformed(Kind kind) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", null).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(MALFORMED, "the header has no \"alg\" string"));
  }

  static Stream<Arguments> nonStringAlgs() {
    return Stream.of(Kind.values())
        .flatMap(kind -> Stream.<Object>of(256, true, List.of("ES256"), Map.of("name", "ES256")).map(alg -> Arguments.of(kind, alg)));
  }

  @ParameterizedTest(name = "{0} alg={1}")
  @MethodSource("nonStringAlgs")
  void verify_algNotAString_rejectedAsMalformed(Kind kind, Object alg) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", alg).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(MALFORMED, "the header has no \"alg\" string"));
  }

  static Stream<Arguments> confusions() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Kind kind : Kind.values()) {
      cases.add(Arguments.of(kind, Algorithm.ES256, "RS256", "EC P-256", "[ES256]"));
      cases.add(Arguments.of(kind, Algorithm.ES256, "ES384", "EC P-256", "[ES256]"));
      cases.add(Arguments.of(kind, Algorithm.ES256, "EdDSA", "EC P-256", "[ES256]"));
      cases.add(Arguments.of(kind, Algorithm.RS256, "ES256", "RSA 2048", "[RS256]"));
      cases.add(Arguments.of(kind, Algorithm.RS256, "PS256", "RSA 2048", "[RS256]"));
      cases.add(Arguments.of(kind, Algorithm.ES384, "ES256", "EC P-384", "[ES384]"));
      cases.add(Arguments.of(kind, Algorithm.EdDSA, "ES256", "Ed25519", "[EdDSA, Ed25519]"));
    }
    return cases.build();
  }

  /** The header names an algorithm of another key type or curve than the key its kid names. */
  @ParameterizedTest(name = "{0}: {2} header on a {3} key")
  @MethodSource("confusions")
  void verify_algorithmThatDoesNotFitTheKey_rejected(Kind kind, Algorithm keyAlg, String headerAlg, String description, String accepts) {
    SigningKey victim = TestKeys.of(keyAlg);
    Harness h = kind.trusting(clock, victim.publicKey());
    String token = h.token(victim).header("alg", headerAlg).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM,
        "alg " + headerAlg + " does not fit key '" + victim.kid() + "' (" + description + "; accepts " + accepts + ")"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_algorithmThatFitsNoKeyWithoutKid_rejectedAsUnknownKey(Kind kind) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.alice()).header("alg", "RS256").header("kid", null).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNKNOWN_KEY,
        "token has no kid and none of the 1 keys of " + h.owner() + " accepts alg RS256"));
  }

  /** A real PS256 signature by the right RSA key, but the key is pinned to RS256 (VerificationKey.withAlgorithm). */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_ps256SignatureOnKeyPinnedToRs256_rejected(Kind kind) {
    SigningKey rsa = TestKeys.rsa();
    VerificationKey pinned = rsa.publicKey().withAlgorithm(Algorithm.RS256);
    Harness h = kind.trusting(clock, pinned);
    String token = h.token(rsa.withAlgorithm(Algorithm.PS256)).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM,
        "alg PS256 does not fit key '" + rsa.kid() + "' (RSA 2048; accepts [RS256])"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_ps256SignatureOnUnpinnedRsaKey_valid(Kind kind) {
    SigningKey rsa = TestKeys.rsa();
    Harness h = kind.trusting(clock, VerificationKey.of(rsa.publicKey().key()));
    String token = h.token(rsa.withAlgorithm(Algorithm.PS256)).sign();

    assertThat(h.verify(token)).isInstanceOfSatisfying(Verification.Valid.class,
        v -> assertThat(v.token().algorithm()).isEqualTo(Algorithm.PS256));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_ed25519NameForAnEdDsaKey_valid(Kind kind) {
    SigningKey ed = TestKeys.ed25519();
    Harness h = kind.trusting(clock, ed.publicKey());
    String token = h.token(ed).header("alg", "Ed25519").sign();

    assertThat(h.verify(token)).isInstanceOfSatisfying(Verification.Valid.class,
        v -> assertThat(v.token().algorithm()).isEqualTo(Algorithm.Ed25519));
  }

  @Test
  void verify_algorithmNotInRequestVerifiersAllowList_rejected() {
    SigningKey ed = TestKeys.ed25519();
    RequestTokenVerifier verifier = RequestTokenVerifier.builder(new InMemoryPrincipalKeys().add(ALICE, ed.publicKey()))
        .audience(Fixtures.AUDIENCE).clock(clock).algorithms(Algorithm.ES256).build();
    String token = TestTokens.signedBy(ed).clock(clock).compatible(ALICE).sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg EdDSA is not allowed here; allowed: [ES256]"));
  }

  @Test
  void verify_algorithmNotInTokenVerifiersAllowList_rejectedListingAllowedInOrder() {
    SigningKey ed = TestKeys.ed25519();
    TokenVerifier verifier = Fixtures.accessVerifier(clock, ed.publicKey()).algorithms(Algorithm.RS256, Algorithm.ES256, Algorithm.PS256).build();
    String token = TestTokens.signedBy(ed).clock(clock).accessToken(Fixtures.ISSUER, ALICE, Fixtures.AUDIENCE, "a").sign();

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(UNSUPPORTED_ALGORITHM, "alg EdDSA is not allowed here; allowed: [RS256, PS256, ES256]"));
  }
}
