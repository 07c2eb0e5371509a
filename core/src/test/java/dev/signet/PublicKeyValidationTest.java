package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.internal.PublicKeys;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public keys that parse but no honest key pair has (gh-12), refused when a key is registered or
 * read, whatever the format it came in: an RSA modulus that is even; an Ed25519 point that is the
 * identity, of small order, has a small-order component, is off the curve, or is encoded
 * non-canonically (the JDK takes all of these); an EC coordinate outside the field.
 */
class PublicKeyValidationTest {
  private static final BigInteger ED25519_P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final String ED25519_REFUSED =
      "Ed25519 public key is not a canonically encoded point of the prime-order subgroup (an identity or small-order point, or one off the curve)";

  @Test
  void of_rsaKeyWithEvenModulus_refused() throws GeneralSecurityException {
    RSAPublicKey honest = (RSAPublicKey) KeyFixtures.rsa2048().publicKey().key();
    PublicKey even = KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(honest.getModulus().clearBit(0), honest.getPublicExponent()));

    assertThatThrownBy(() -> VerificationKey.of(even))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA modulus is even: no product of two odd primes is");
  }

  @Test
  void parse_rsaJwkWithEvenModulus_refused() {
    RSAPublicKey honest = (RSAPublicKey) KeyFixtures.rsa2048().publicKey().key();
    String n = Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned(honest.getModulus().clearBit(0)));

    assertThatThrownBy(() -> VerificationKey.parse("{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"AQAB\"}"))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("RSA modulus is even: no product of two odd primes is");
  }

  /**
   * The 8 points of small order (libsodium's blocklist and "Taming the many EdDSAs"), the identity
   * among them, then non-canonical encodings of them: y + p in place of y, and x = 0 with its
   * sign bit set.
   */
  static Stream<Arguments> ed25519BadEncodings() {
    return Stream.of(
        bad("identity (order 1)", "0100000000000000000000000000000000000000000000000000000000000000"),
        bad("order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        bad("order 4, x positive", "0000000000000000000000000000000000000000000000000000000000000000"),
        bad("order 4, x negative", "0000000000000000000000000000000000000000000000000000000000000080"),
        bad("order 8 (a)", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        bad("order 8 (b)", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
        bad("order 8 (c)", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        bad("order 8 (d)", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
        bad("identity, x = 0 with the sign bit", "0100000000000000000000000000000000000000000000000000000000000080"),
        bad("order 2, x = 0 with the sign bit", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        bad("identity as y = p + 1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        bad("identity as y = p + 1, sign bit", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        bad("order 4 as y = p", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        bad("order 4 as y = p, sign bit", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        Arguments.of(Named.of("an honest key plus the point of order 2", mixedOrder())),
        Arguments.of(Named.of("a y with no x on the curve", offCurve())));
  }

  @ParameterizedTest
  @MethodSource("ed25519BadEncodings")
  void parse_ed25519PointNoHonestKeyHas_refusedInEveryFormat(byte[] x) {
    String jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(x) + "\"}";
    String spki = KeyFixtures.pem("PUBLIC KEY", spki(x));
    String openSsh = "ssh-ed25519 " + Base64.getEncoder().encodeToString(sshBlob(x));

    for (String text : new String[] {jwk, spki}) {
      assertThatThrownBy(() -> VerificationKey.parse(text)).as(text)
          .isExactlyInstanceOf(UnusableKeyException.class)
          .hasMessage(ED25519_REFUSED);
    }
    // BouncyCastle's OpenSSH reader validates Ed25519 points itself, so this refusal predates gh-12
    assertThatThrownBy(() -> VerificationKey.parse(openSsh)).isExactlyInstanceOf(UnusableKeyException.class);
    assertThatThrownBy(() -> VerificationKey.of(PublicKeys.ed25519FromRaw(x)))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage(ED25519_REFUSED);
  }

  @Test
  void of_honestEd25519Keys_accepted() {
    IntStream.range(0, 64).forEach(i -> assertThat(SigningKey.generateEd25519().publicKey().kid()).isNotEmpty());
    assertThat(VerificationKey.parse(KeyFixtures.ed25519().publicKey().toJwk()).kid()).isEqualTo(KeyFixtures.ed25519().kid());
  }

  /** x + p is the same point mod p, and the JDK keeps it as given: a second encoding of one key. */
  @Test
  void of_ecCoordinateAboveTheFieldPrime_refused() throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    ECPoint point = smallPoint(spec, p);
    PublicKey honest = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    PublicKey shifted = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(point.getAffineX().add(p), point.getAffineY()), spec));

    assertThat(VerificationKey.of(honest).description()).isEqualTo("EC P-256");
    assertThat(((ECPublicKey) shifted).getW().getAffineX()).isGreaterThan(p);
    assertThatThrownBy(() -> VerificationKey.of(shifted))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("EC public point has a coordinate outside the field of curve P-256");
  }

  /** The point of P-256 with the smallest x (5), so that x + p still fits the field size. */
  private static ECPoint smallPoint(ECParameterSpec spec, BigInteger p) {
    for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
      BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p); // p = 3 mod 4
      if (y.multiply(y).mod(p).equals(rhs)) {
        return new ECPoint(x, y);
      }
    }
  }

  private static Arguments bad(String name, String hex) {
    return Arguments.of(Named.of(name, HexFormat.of().parseHex(hex)));
  }

  private static byte[] raw(SigningKey key) {
    return PublicKeys.ed25519Raw(key.publicKey().key());
  }

  /** (x, y) + (0, -1) = (-x, -y): a point of order 2L, whose prime-order part is an honest key. */
  private static byte[] mixedOrder() {
    byte[] raw = raw(KeyFixtures.ed25519());
    BigInteger y = littleEndian(raw).clearBit(255);
    byte[] out = toLittleEndian(ED25519_P.subtract(y));
    out[31] |= (byte) ((raw[31] & 0x80) ^ 0x80); // -x flips the sign bit
    return out;
  }

  /** The smallest y for which (y^2 - 1) / (d y^2 + 1) has no square root mod p. */
  private static byte[] offCurve() {
    BigInteger p = ED25519_P;
    BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(p)).mod(p);
    for (BigInteger y = BigInteger.TWO; ; y = y.add(BigInteger.ONE)) {
      BigInteger u = y.pow(2).subtract(BigInteger.ONE).mod(p);
      BigInteger v = d.multiply(y.pow(2)).add(BigInteger.ONE).mod(p);
      BigInteger x2 = u.multiply(v.modInverse(p)).mod(p);
      if (x2.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(p.subtract(BigInteger.ONE))) {
        return toLittleEndian(y);
      }
    }
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      big[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, big);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] big = unsigned(value);
    byte[] out = new byte[32];
    for (int i = 0; i < big.length; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 && bytes.length > 1 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static byte[] spki(byte[] x) {
    byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] der = java.util.Arrays.copyOf(prefix, prefix.length + 32);
    System.arraycopy(x, 0, der, prefix.length, 32);
    return der;
  }

  private static byte[] sshBlob(byte[] x) {
    byte[] type = "ssh-ed25519".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.nio.ByteBuffer blob = java.nio.ByteBuffer.allocate(4 + type.length + 4 + 32);
    blob.putInt(type.length).put(type).putInt(32).put(x);
    return blob.array();
  }
}
