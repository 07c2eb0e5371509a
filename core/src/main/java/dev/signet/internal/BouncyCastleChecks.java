package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The parts of {@link KeyPolicy} that run on BouncyCastle, in a class of their own so that
 * checking a key that needs neither loads no BouncyCastle class (its jars are signed, and each
 * class read from them costs a short command).
 */
final class BouncyCastleChecks {
  private static final byte[] PAIRWISE_MESSAGE = "signet pairwise consistency test".getBytes(StandardCharsets.US_ASCII);

  private BouncyCastleChecks() {}

  /** RFC 8032 §5.1.3 decoding plus the prime-order subgroup test of the 32-byte key {@code x}. */
  static boolean ed25519Valid(byte[] x) {
    return Ed25519.validatePublicKeyFull(x, 0);
  }

  /** {@link KeyPolicy#checkPair}: throws {@code mismatch} unless a signature by one half verifies with the other. */
  static void checkPair(PrivateKey privateKey, PublicKey publicKey, String mismatch) {
    boolean matches;
    try {
      Signer signer = pairwiseSigner(publicKey);
      CipherParameters signing = PrivateKeyFactory.createKey(privateKey.getEncoded());
      // RSA blinding and ECDSA's k from the JDK's SecureRandom (BouncyCastle's default one costs a DRBG set-up)
      signer.init(true, signer instanceof Ed25519Signer ? signing : new ParametersWithRandom(signing, new SecureRandom()));
      signer.update(PAIRWISE_MESSAGE, 0, PAIRWISE_MESSAGE.length);
      byte[] signature = signer.generateSignature();
      Signer verifier = pairwiseSigner(publicKey);
      verifier.init(false, PublicKeyFactory.createKey(publicKey.getEncoded()));
      verifier.update(PAIRWISE_MESSAGE, 0, PAIRWISE_MESSAGE.length);
      matches = verifier.verifySignature(signature);
    } catch (IOException | CryptoException | RuntimeException e) { // BC's RSA fault check throws ISE
      throw new UnusableKeyException(mismatch, e);
    }
    if (!matches) {
      throw new UnusableKeyException(mismatch);
    }
  }

  /** BouncyCastle's own signers, without its JCA provider (whose set-up costs a short command dearly). */
  private static Signer pairwiseSigner(PublicKey publicKey) {
    return switch (publicKey) {
      case RSAPublicKey rsa -> new RSADigestSigner(new SHA256Digest());
      case ECPublicKey ec -> new DSADigestSigner(new ECDSASigner(), new SHA256Digest());
      default -> new Ed25519Signer();
    };
  }
}
