package dev.signet.internal;

import com.nimbusds.jose.crypto.utils.ECChecks;
import dev.signet.UnusableKeyException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPoint;
import java.security.spec.NamedParameterSpec;

/**
 * What makes a public key acceptable to Signet, checked once when a key is read or generated:
 * <ul>
 *   <li>RSA of 2048 to 8192 bits with an odd modulus and an exponent that is odd and at least
 *       65537 (SP 800-56B §6.2.1, stricter than its odd and at least 3);
 *   <li>EC on P-256, P-384 or P-521 with both coordinates in the field (0 to p - 1) and the point
 *       on the curve (the curves have cofactor 1, so that point is of prime order);
 *   <li>Ed25519 with a canonical encoding (y below p, no "negative" x = 0) of a point on the
 *       curve in the prime-order subgroup: never the identity, nor one of the 8 small-order
 *       points, nor a point with a small-order component (RFC 8032 §5.1.3, and "Taming the many
 *       EdDSAs", Chalkias et al. 2020). Such keys verify signatures that no private key made.
 * </ul>
 */
public final class KeyPolicy {
  public static final int MIN_RSA_BITS = 2048;
  /** Verifying with larger keys costs more than any legitimate client needs. */
  public static final int MAX_RSA_BITS = 8192;
  private static final BigInteger MIN_EXPONENT = BigInteger.valueOf(65537);
  private static final BigInteger MAX_EXPONENT = BigInteger.TWO.pow(256);

  private KeyPolicy() {}

  public static void check(PublicKey key) {
    check(key, false);
  }

  /**
   * As {@link #check}, for a key that a pair check tied to its private key (or that passed this
   * policy before): an Ed25519 key is then the private key's own point, canonical and in the
   * prime-order subgroup, so its subgroup test (BouncyCastle's, costly for a short command) is left out.
   */
  public static void checkPaired(PublicKey key) {
    check(key, true);
  }

  private static void check(PublicKey key, boolean paired) {
    switch (key) {
      case RSAPublicKey rsa -> checkRsa(rsa);
      case ECPublicKey ec -> checkEc(ec);
      case EdECPublicKey ed when ed.getParams().getName().equals("Ed25519") -> {
        if (!paired) {
          checkEd25519(ed);
        }
      }
      default ->
          throw new UnusableKeyException(
              "unsupported key type " + describe(key) + " (expected RSA, EC P-256/P-384/P-521 or Ed25519)");
    }
  }

  private static void checkRsa(RSAPublicKey rsa) {
    BigInteger n = rsa.getModulus();
    int bits = n.bitLength();
    if (bits < MIN_RSA_BITS) {
      throw new UnusableKeyException(
          "RSA key is " + bits + " bits; Signet requires at least " + MIN_RSA_BITS);
    }
    if (bits > MAX_RSA_BITS) {
      throw new UnusableKeyException("RSA key is " + bits + " bits; Signet accepts at most " + MAX_RSA_BITS);
    }
    if (!n.testBit(0)) {
      throw new UnusableKeyException("RSA modulus is even: no product of two odd primes is");
    }
    BigInteger e = rsa.getPublicExponent();
    if (!e.testBit(0) || e.compareTo(MIN_EXPONENT) < 0 || e.compareTo(MAX_EXPONENT) >= 0) {
      throw new UnusableKeyException(
          "RSA public exponent must be odd and between 65537 and 2^256, not " + abbreviate(e));
    }
  }

  private static void checkEc(ECPublicKey ec) {
    String curve = curveName(ec);
    BigInteger p = ((ECFieldFp) ec.getParams().getCurve().getField()).getP();
    ECPoint w = ec.getW();
    if (w.equals(ECPoint.POINT_INFINITY) || !inField(w.getAffineX(), p) || !inField(w.getAffineY(), p)) {
      throw new UnusableKeyException("EC public point has a coordinate outside the field of curve " + curve);
    }
    if (!ECChecks.isPointOnCurve(ec, ec.getParams())) {
      throw new UnusableKeyException("EC public point is not on curve " + curve);
    }
  }

  private static boolean inField(BigInteger coordinate, BigInteger p) {
    return coordinate.signum() >= 0 && coordinate.compareTo(p) < 0;
  }

  private static void checkEd25519(EdECPublicKey ed) {
    if (!BouncyCastleChecks.ed25519Valid(Ed25519Spki.raw(ed))) {
      throw new UnusableKeyException(
          "Ed25519 public key is not a canonically encoded point of the prime-order subgroup (an identity or small-order point, or one off the curve)");
    }
  }

  /**
   * Signs a fixed message with the private key and verifies it with the public one. A private JWK
   * states both halves and nothing else ties them together: a {@code d} from one key under the
   * {@code x}/{@code y} (or {@code n}/{@code e}) of another would sign tokens that its own
   * {@code kid} can never verify.
   *
   * <p>The test runs on BouncyCastle, never the JDK: the JDK caches RSA blinding values by modulus,
   * and one signature with a wrong exponent poisons that cache, so the genuine key sharing that
   * modulus could no longer sign anywhere in the JVM. ({@link PlainPkcs8}, which tests its keys on
   * the JDK, first checks an RSA key's exponents against its primes.)
   */
  public static void checkPair(PrivateKey privateKey, PublicKey publicKey) {
    BouncyCastleChecks.checkPair(privateKey, publicKey, mismatch(publicKey));
  }

  private static String mismatch(PublicKey publicKey) {
    return "the private key does not match its " + describe(publicKey) + " public key";
  }

  /** {@code P-256}, {@code P-384} or {@code P-521}; other curves are refused. */
  public static String curveName(ECPublicKey ec) {
    com.nimbusds.jose.jwk.Curve curve = com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams());
    if (curve == null
        || !(curve.equals(com.nimbusds.jose.jwk.Curve.P_256)
            || curve.equals(com.nimbusds.jose.jwk.Curve.P_384)
            || curve.equals(com.nimbusds.jose.jwk.Curve.P_521))) {
      throw new UnusableKeyException(
          "unsupported EC curve " + (curve == null ? "(unnamed)" : curve.getName()) + " (expected P-256, P-384 or P-521)");
    }
    return curve.getName();
  }

  /** "RSA 2048", "EC P-256", "Ed25519". */
  public static String describe(PublicKey key) {
    return switch (key) {
      case RSAPublicKey rsa -> "RSA " + rsa.getModulus().bitLength();
      case ECPublicKey ec -> {
        com.nimbusds.jose.jwk.Curve curve = com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams());
        yield "EC " + (curve == null ? "(unnamed curve)" : curve.getName());
      }
      case EdECPublicKey ed -> ed.getParams().getName();
      case XECPublicKey xec when xec.getParams() instanceof NamedParameterSpec named -> named.getName();
      default -> key.getAlgorithm();
    };
  }

  private static String abbreviate(BigInteger e) {
    String s = e.toString();
    return s.length() <= 20 ? s : s.substring(0, 8) + "…(" + e.bitLength() + " bits)";
  }
}
