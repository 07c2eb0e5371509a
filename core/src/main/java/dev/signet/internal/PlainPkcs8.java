package dev.signet.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The common case of a private key file read with the JDK alone: one unencrypted
 * {@code BEGIN PRIVATE KEY} block (PKCS#8, RFC 5208/5958), as {@code signet keygen} and
 * {@code openssl genpkey} write them, of an RSA key, an EC key on P-256, P-384 or P-521 (SEC1
 * inside, RFC 5915) or an Ed25519 key (RFC 8410). The public half: an RSA CRT key holds the
 * modulus and the public exponent (its CRT parameters are checked against them, then a signature
 * by the private key must verify with the public one, as {@link KeyPolicy#checkPair} does); an EC
 * or Ed25519 one is computed by the JDK ({@link JdkPublicKeys}). A public key the file carries
 * besides is left aside, as {@link PemCodec} leaves it.
 *
 * <p>BouncyCastle's jars are signed, which makes every class read from them costly and keeps them
 * out of the JDK's start-up caches; a short command that signs one token pays for that more than
 * for its work. This reader keeps BouncyCastle out of that path: a strict base64 decode of the one
 * block ({@link PemText#onlyBlock}), a walk of the DER ({@link Der}) that accepts only the shapes
 * above, and the JDK's {@link KeyFactory}. Anything else, and anything that fails on the way, is
 * {@code null}: {@link PemCodec} then reads the text as before, and its answer (the key, or the
 * reason it is refused) is the same as it always was. So this reader widens nothing; it only
 * answers sooner for a subset of what was already accepted, with the same key.
 */
final class PlainPkcs8 {
  private static final HexFormat HEX = HexFormat.of();
  static final byte[] RSA = HEX.parseHex("300d06092a864886f70d0101010500");
  static final byte[] EC_P256 = HEX.parseHex("301306072a8648ce3d020106082a8648ce3d030107");
  static final byte[] EC_P384 = HEX.parseHex("301006072a8648ce3d020106052b81040022");
  static final byte[] EC_P521 = HEX.parseHex("301006072a8648ce3d020106052b81040023");
  static final byte[] ED25519 = HEX.parseHex("300506032b6570");
  /** A version 1 PKCS#8 Ed25519 key up to its 32-byte seed. */
  private static final byte[] ED25519_PKCS8_PREFIX = HEX.parseHex("302e020100300506032b657004220420");

  private PlainPkcs8() {}

  /**
   * The key pair of {@code text} when it is one of the shapes above, else {@code null}. The caller has checked the armour ({@link PemArmour}) and the length.
   */
  static @Nullable KeyMaterial read(String text) {
    byte[] der = PemText.onlyBlock(text, "PRIVATE KEY");
    if (der == null) {
      return null;
    }
    try {
      return keyPair(der);
    } catch (Der.Mismatch | GeneralSecurityException | RuntimeException e) {
      return null; // not a shape read here, or the JDK refuses it: PemCodec says why
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static @Nullable KeyMaterial keyPair(byte[] der) throws Der.Mismatch, GeneralSecurityException {
    Der info = Der.whole(der, 0x30);
    byte[] version = info.nextContent(0x02);
    byte[] algorithm = info.nextEncoded(0x30);
    byte[] privateKey = info.nextContent(0x04);
    try {
      if (Arrays.equals(version, new byte[] {1}) && Arrays.equals(algorithm, ED25519)) {
        info.nextContent(0x81); // [1] IMPLICIT BIT STRING publicKey
        info.requireEnd();
        return ed25519(privateKey);
      }
      info.requireEnd(); // attributes, or a version 2 key other than Ed25519: PemCodec's work
      if (!Arrays.equals(version, new byte[] {0})) {
        return null;
      }
      if (Arrays.equals(algorithm, ED25519)) {
        return ed25519(privateKey);
      }
      if (Arrays.equals(algorithm, RSA)) {
        return rsa(der);
      }
      if (Arrays.equals(algorithm, EC_P256) || Arrays.equals(algorithm, EC_P384) || Arrays.equals(algorithm, EC_P521)) {
        return ec(der, privateKey, algorithm);
      }
      return null;
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  private static @Nullable KeyMaterial rsa(byte[] der) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("RSA");
    if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey key)
        || key.getModulus().bitLength() > KeyPolicy.MAX_RSA_BITS || !consistent(key)) {
      return null; // the policy's refusal, or a pair check of BouncyCastle's, says what is wrong
    }
    PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    return PairCheck.matches(key, publicKey) ? new KeyMaterial(publicKey, key, null, null, null, true) : null;
  }

  /**
   * Whether the CRT parameters agree with the modulus and the public exponent, checked before the
   * JDK signs with them: its RSA blinding values are cached by modulus, and a signature with an
   * exponent that does not fit the primes would leave values that fail every later signature of
   * the genuine key (see {@link KeyPolicy#checkPair}).
   */
  private static boolean consistent(RSAPrivateCrtKey key) {
    BigInteger p = key.getPrimeP();
    BigInteger q = key.getPrimeQ();
    BigInteger e = key.getPublicExponent();
    BigInteger d = key.getPrivateExponent();
    if (p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0 || !p.multiply(q).equals(key.getModulus())) {
      return false;
    }
    BigInteger p1 = p.subtract(BigInteger.ONE);
    BigInteger q1 = q.subtract(BigInteger.ONE);
    BigInteger dp = key.getPrimeExponentP();
    BigInteger dq = key.getPrimeExponentQ();
    return e.multiply(dp).mod(p1).equals(BigInteger.ONE) && e.multiply(dq).mod(q1).equals(BigInteger.ONE)
        && d.mod(p1).equals(dp.mod(p1)) && d.mod(q1).equals(dq.mod(q1))
        && key.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
  }

  /**
   * SEC1 {@code ECPrivateKey ::= SEQUENCE { 1, d, [0] curve OPTIONAL, [1] public point OPTIONAL }}
   * (RFC 5915). The point, when there, is left aside as PemCodec leaves it: the public key is
   * computed from d.
   */
  private static @Nullable KeyMaterial ec(byte[] der, byte[] sec1, byte[] algorithm) throws Der.Mismatch, GeneralSecurityException {
    Der ecKey = Der.whole(sec1, 0x30);
    if (!Arrays.equals(ecKey.nextContent(0x02), new byte[] {1})) {
      return null;
    }
    ecKey.next(0x04); // d: the JDK reads it
    if (ecKey.nextIs(0xa0)) {
      byte[] curve = ecKey.nextContent(0xa0);
      if (!Arrays.equals(curve, 0, curve.length, algorithm, algorithm.length - curve.length, algorithm.length)) {
        return null; // a curve other than the algorithm's
      }
    }
    if (ecKey.nextIs(0xa1)) {
      ecKey.next(0xa1).only(0x03);
    }
    ecKey.requireEnd();
    ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    PublicKey publicKey = JdkPublicKeys.ec(key);
    return publicKey == null ? null : new KeyMaterial(publicKey, key, null, null, null, true);
  }

  /**
   * {@code CurvePrivateKey ::= OCTET STRING} (RFC 8410 §7). A version 2 key's public key is left
   * aside as PemCodec leaves it: the public key is computed from the seed.
   */
  private static @Nullable KeyMaterial ed25519(byte[] privateKey) throws Der.Mismatch, GeneralSecurityException {
    byte[] seed = Der.whole(privateKey, 0x04).rest();
    byte[] pkcs8 = concat(ED25519_PKCS8_PREFIX, seed, 0);
    try {
      if (seed.length != 32) {
        return null;
      }
      PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PublicKey publicKey = JdkPublicKeys.ed25519(seed);
      return publicKey == null ? null : new KeyMaterial(publicKey, key, null, null, null, true);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** {@code prefix} followed by {@code tail} from {@code from}. */
  private static byte[] concat(byte[] prefix, byte[] tail, int from) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + tail.length - from);
    System.arraycopy(tail, from, out, prefix.length, tail.length - from);
    return out;
  }
}
