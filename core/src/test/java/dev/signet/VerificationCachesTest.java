package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The verifiers keep parsed headers (by their text) and signature verifiers (by key thumbprint and
 * algorithm); neither may ever let a token through that an uncached verify would refuse.
 */
class VerificationCachesTest {
  private final MutableClock clock = Fixtures.clock();

  @Test
  void verify_keyReplacedUnderTheSameKid_oldKeysTokensRefusedNewKeysAccepted() {
    SigningKey first = TestKeys.of(Algorithm.ES256, "cache-first").withKid("k1");
    SigningKey second = TestKeys.of(Algorithm.ES256, "cache-second").withKid("k1");
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add(ALICE, first.publicKey());
    RequestTokenVerifier verifier = RequestTokenVerifier.builder(keys).audience(Fixtures.AUDIENCE).clock(clock).build();
    assertThat(verifier.verify(token(first)).isValid()).isTrue();

    keys.remove(ALICE, "k1").add(ALICE, second.publicKey());

    assertThat(verifier.verify(token(first))).isEqualTo(new Verification.Invalid(Rejection.BAD_SIGNATURE,
        "ES256 signature does not verify with key 'k1' of principal 'alice'"));
    assertThat(verifier.verify(token(second)).isValid()).isTrue();
  }

  @Test
  void verify_sameHeaderTextTwice_secondTokensOwnSignatureStillChecked() {
    SigningKey alice = Fixtures.alice();
    RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();
    String good = token(alice);
    String[] parts = token(alice).split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + good.split("\\.")[2]; // header cached by the first verify

    assertThat(verifier.verify(good).isValid()).isTrue();
    assertThat(verifier.verify(forged)).isInstanceOf(Verification.Invalid.class)
        .extracting(v -> ((Verification.Invalid) v).reason()).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void verify_signatureBytesOfOneVerifyAltered_nextVerifyUnaffected() {
    SigningKey alice = Fixtures.alice();
    RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();
    String token = token(alice);
    byte[] signature = Base64.getUrlDecoder().decode(token.split("\\.")[2]);
    signature[0] ^= 1;
    String tampered = token.substring(0, token.lastIndexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

    assertThat(verifier.verify(tampered)).extracting(v -> ((Verification.Invalid) v).reason()).isEqualTo(Rejection.BAD_SIGNATURE);
    assertThat(verifier.verify(token).isValid()).isTrue();
  }

  private String token(SigningKey key) {
    return TestTokens.signedBy(key).clock(clock).compatible(ALICE).sign();
  }
}
