package dev.signet.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The public half of an EC or Ed25519 private key, computed by the JDK's own key pair generator
 * (SunEC) rather than by BouncyCastle ({@link PublicKeys#derive}). The JCA has no "public key of
 * this private key"; but a generator makes its private key from the randomness it is given, so
 * given randomness that is the private key, it makes this very key pair. Whether it did is checked
 * (the private key it made must be the one given); when not, the answer is {@code null} and the
 * caller computes the key the other way. Either way the public key is the private key's own.
 *
 * <ul>
 *   <li>Ed25519: the private key is 32 random bytes (RFC 8032 §5.1.5), drawn as they are.
 *   <li>EC: SunEC draws the bit length of the order plus 64 bits, read little-endian and reduced
 *       modulo the order (FIPS 186-4 B.4.1), so the scalar d in those bytes is d itself.
 * </ul>
 */
final class JdkPublicKeys {
  private JdkPublicKeys() {}

  static @Nullable PublicKey ed25519(byte[] seed) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", "SunEC");
    generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
    KeyPair pair = generator.generateKeyPair();
    boolean same = pair.getPrivate() instanceof EdECPrivateKey made
        && made.getBytes().map(bytes -> {
          boolean equal = Arrays.equals(bytes, seed);
          Arrays.fill(bytes, (byte) 0);
          return equal;
        }).orElse(false);
    return same ? pair.getPublic() : null;
  }

  static @Nullable PublicKey ec(ECPrivateKey key) throws GeneralSecurityException {
    BigInteger d = key.getS();
    byte[] bigEndian = d.toByteArray();
    byte[] littleEndian = new byte[(key.getParams().getOrder().bitLength() + 64 + 7) / 8];
    for (int i = 0; i < bigEndian.length && i < littleEndian.length; i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    Arrays.fill(bigEndian, (byte) 0);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
    generator.initialize(key.getParams(), new SeedRandom(littleEndian));
    Arrays.fill(littleEndian, (byte) 0);
    KeyPair pair = generator.generateKeyPair();
    return pair.getPrivate() instanceof ECPrivateKey made && made.getS().equals(d) ? pair.getPublic() : null;
  }

  /** Randomness that is one given value: exactly its length asked for once, and nothing after. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private transient byte @Nullable [] seed;

    SeedRandom(byte[] seed) {
      super(null, null); // no generator of its own: nextBytes is all there is
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      byte[] given = seed;
      if (given == null || bytes.length != given.length) {
        throw new IllegalStateException("a seed of " + (given == null ? 0 : given.length) + " bytes, asked for " + bytes.length);
      }
      System.arraycopy(given, 0, bytes, 0, given.length);
      Arrays.fill(given, (byte) 0);
      seed = null;
    }
  }
}
