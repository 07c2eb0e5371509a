package dev.signet;

import static dev.signet.Rejection.BAD_SIGNATURE;
import static dev.signet.Rejection.MALFORMED;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.signet.Fixtures.Crypto;
import dev.signet.Fixtures.Harness;
import dev.signet.Fixtures.Kind;
import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signatures of the wrong shape or value: each is {@link Rejection#BAD_SIGNATURE}, never an
 * exception. Includes CVE-2022-21449 ("psychic signatures": ECDSA r = s = 0 accepted by JDK 15-18).
 */
class SignatureFormatTest {
  private final MutableClock clock = Fixtures.clock();

  /** How a forged signature is made from the real one and the key. */
  private record Forgery(String name, Algorithm alg, BiFunction<byte[], SigningKey, byte[]> make) {
    @Override
    public String toString() {
      return alg + " " + name;
    }
  }

  private static final Forgery[] FORGERIES = {
    new Forgery("r = s = 0 (CVE-2022-21449)", Algorithm.ES256, (sig, key) -> new byte[64]),
    new Forgery("r = s = 0 (CVE-2022-21449)", Algorithm.ES384, (sig, key) -> new byte[96]),
    new Forgery("r = s = 0 (CVE-2022-21449)", Algorithm.ES512, (sig, key) -> new byte[132]),
    new Forgery("r = s = n, the curve order", Algorithm.ES256, (sig, key) -> twice(order(key), 32)),
    new Forgery("r = real, s = 0", Algorithm.ES256, (sig, key) -> { byte[] s = sig.clone(); Arrays.fill(s, 32, 64, (byte) 0); return s; }),
    new Forgery("63 bytes", Algorithm.ES256, (sig, key) -> Arrays.copyOf(sig, 63)),
    new Forgery("65 bytes", Algorithm.ES256, (sig, key) -> Arrays.copyOf(sig, 65)),
    new Forgery("one byte", Algorithm.ES256, (sig, key) -> new byte[] {1}),
    new Forgery("DER instead of JOSE r||s", Algorithm.ES256, (sig, key) -> toDer(sig)),
    new Forgery("DER instead of JOSE r||s", Algorithm.ES384, (sig, key) -> toDer(sig)),
    new Forgery("one bit flipped", Algorithm.ES256, (sig, key) -> flip(sig)),
    new Forgery("all zero", Algorithm.RS256, (sig, key) -> new byte[sig.length]),
    new Forgery("one byte short", Algorithm.RS256, (sig, key) -> Arrays.copyOf(sig, sig.length - 1)),
    new Forgery("one bit flipped", Algorithm.RS256, (sig, key) -> flip(sig)),
    new Forgery("all zero", Algorithm.PS256, (sig, key) -> new byte[sig.length]),
    new Forgery("all zero", Algorithm.EdDSA, (sig, key) -> new byte[64]),
    new Forgery("63 bytes", Algorithm.EdDSA, (sig, key) -> Arrays.copyOf(sig, 63)),
    new Forgery("one bit flipped", Algorithm.EdDSA, (sig, key) -> flip(sig)),
  };

  static Stream<Arguments> forgeries() {
    return Stream.of(Kind.values()).flatMap(kind -> Crypto.available()
        .flatMap(crypto -> Stream.of(FORGERIES).map(f -> Arguments.of(kind, crypto, f))));
  }

  static Stream<Arguments> algorithmsOnEachProvider() {
    return Stream.of(Kind.values()).flatMap(kind -> Crypto.available()
        .flatMap(crypto -> Stream.of(Algorithm.values()).map(alg -> Arguments.of(kind, crypto, alg))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("algorithmsOnEachProvider")
  void verify_genuineSignature_validOnEveryProvider(Kind kind, Crypto crypto, Algorithm alg) {
    SigningKey key = TestKeys.of(alg);
    Harness h = kind.trusting(clock, crypto.provider(), List.of(key.publicKey()));

    assertThat(h.verify(h.token(key).sign())).isInstanceOf(Verification.Valid.class);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("forgeries")
  void verify_forgedSignature_badSignature(Kind kind, Crypto crypto, Forgery forgery) {
    SigningKey key = TestKeys.of(forgery.alg());
    Harness h = kind.trusting(clock, crypto.provider(), List.of(key.publicKey()));
    String token = h.token(key).sign();
    byte[] real = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + Fixtures.b64(forgery.make().apply(real, key));

    assertThat(h.verify(forged)).isEqualTo(new Invalid(BAD_SIGNATURE,
        forgery.alg() + " signature does not verify with key '" + key.kid() + "' of " + h.owner()));
  }

  /** Another token's valid signature does not carry over (signature is bound to header and payload). */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_signatureOfAnotherToken_badSignature(Kind kind) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String first = h.token(Fixtures.alice()).sign();
    String second = h.token(Fixtures.alice()).sign();
    String spliced = second.substring(0, second.lastIndexOf('.')) + first.substring(first.lastIndexOf('.'));

    assertThat(h.verify(spliced)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature does not verify with key '" + Fixtures.alice().kid() + "' of " + h.owner()));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_emptySignatureWithRealAlgorithm_malformed(Kind kind) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());

    assertThat(h.verify(h.token(Fixtures.alice()).unsigned())).isEqualTo(new Invalid(MALFORMED, "the signature part is empty"));
  }

  private static byte[] flip(byte[] sig) {
    byte[] copy = sig.clone();
    copy[copy.length / 2] ^= 0x01;
    return copy;
  }

  private static BigInteger order(SigningKey key) {
    return ((ECPublicKey) key.publicKey().key()).getParams().getOrder();
  }

  private static byte[] twice(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, fixed, length - copy, copy);
    byte[] out = new byte[length * 2];
    System.arraycopy(fixed, 0, out, 0, length);
    System.arraycopy(fixed, 0, out, length, length);
    return out;
  }

  private static byte[] toDer(byte[] joseSignature) {
    try {
      return ECDSA.transcodeSignatureToDER(joseSignature);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
