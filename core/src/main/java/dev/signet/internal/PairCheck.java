package dev.signet.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The pairwise consistency test of {@link PlainPkcs8}'s RSA keys on the JDK: a fixed message
 * signed with the private key must verify with the public one. {@link KeyPolicy#checkPair} runs
 * the same test on BouncyCastle for every other key; an RSA key comes here only after its CRT
 * parameters were found consistent, which is what makes the JDK's RSA safe for the test.
 */
final class PairCheck {
  private static final byte[] MESSAGE = "signet pairwise consistency test".getBytes(StandardCharsets.US_ASCII);

  private PairCheck() {}

  static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> "Ed25519";
    };
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(MESSAGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(MESSAGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
