package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * The cost an encrypted PKCS#8 key may ask of its reader, checked before the passphrase is
 * stretched. The key file chooses its own key-derivation parameters, so without a bound one
 * file could ask for 2^62 PBKDF2 iterations (centuries of CPU).
 *
 * <ul>
 *   <li>PBKDF2 (PBES2), PKCS#5 v1 and PKCS#12 schemes: at most {@value #MAX_ITERATIONS}
 *       iterations (Signet writes 600,000; OWASP's 2023 figure for PBKDF2-HMAC-SHA1 is 1,300,000),
 *       and a derived key of at most {@value #MAX_KEY_BYTES} bytes;
 *   <li>scrypt (OpenSSL's {@code pkcs8 -scrypt}) is refused by name: BouncyCastle's PKCS#8
 *       decryptor cannot read it, and saying so beats "wrong passphrase".
 * </ul>
 */
final class PbeLimits {
  static final int MAX_ITERATIONS = 2_000_000;
  static final int MAX_KEY_BYTES = 64;

  private PbeLimits() {}

  static void check(AlgorithmIdentifier scheme) {
    try {
      ASN1ObjectIdentifier oid = scheme.getAlgorithm();
      if (PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
        KeyDerivationFunc kdf = PBES2Parameters.getInstance(scheme.getParameters()).getKeyDerivationFunc();
        if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
          PBKDF2Params params = PBKDF2Params.getInstance(kdf.getParameters());
          checkIterations(params.getIterationCount());
          checkKeyLength(params.getKeyLength());
        } else if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
          throw new UnusableKeyException("the key is encrypted with scrypt, which Signet cannot read; "
              + "re-encrypt it with PBKDF2 (openssl pkcs8 -topk8 -v2 aes-256-cbc)");
        } else {
          throw new UnusableKeyException("the key's encryption uses an unsupported key derivation (" + kdf.getAlgorithm() + ")");
        }
      } else {
        // PKCS#5 v1 (PBEParameter) and PKCS#12 (PKCS12PBEParams) share one shape: salt, iterations
        ASN1Sequence params = ASN1Sequence.getInstance(scheme.getParameters());
        checkIterations(ASN1Integer.getInstance(params.getObjectAt(1)).getValue());
      }
    } catch (UnusableKeyException e) {
      throw e; // an IllegalArgumentException too, but already the answer
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException | ArrayIndexOutOfBoundsException e) {
      throw new UnusableKeyException("cannot read the key's encryption parameters", e);
    }
  }

  private static void checkIterations(BigInteger iterations) {
    if (iterations.signum() <= 0 || iterations.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
      throw new UnusableKeyException("the key's encryption asks for " + shown(iterations)
          + " iterations; Signet does at most " + MAX_ITERATIONS);
    }
  }

  private static void checkKeyLength(@Nullable BigInteger bytes) {
    if (bytes != null && (bytes.signum() <= 0 || bytes.compareTo(BigInteger.valueOf(MAX_KEY_BYTES)) > 0)) {
      throw new UnusableKeyException("the key's encryption asks for a " + shown(bytes) + "-byte key; at most " + MAX_KEY_BYTES);
    }
  }

  private static String shown(BigInteger value) {
    return value.bitLength() <= 63 ? value.toString() : "over 2^" + (value.bitLength() - 1);
  }
}
