package dev.signet.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The common case of a public key file read with the JDK alone: one {@code BEGIN PUBLIC KEY}
 * block (SPKI, RFC 5280 §4.1) of an RSA, EC P-256/P-384/P-521 or Ed25519 key, through the
 * JDK's {@link KeyFactory}. Anything else, or anything the JDK refuses, is {@code null}, and
 * {@link PemCodec} reads the text as before; see {@link PlainPkcs8} for why.
 */
final class PlainSpki {
  private PlainSpki() {}

  static @Nullable KeyMaterial read(String text) {
    byte[] der = PemText.onlyBlock(text, "PUBLIC KEY");
    if (der == null) {
      return null;
    }
    try {
      Der spki = Der.whole(der, 0x30);
      byte[] algorithm = spki.nextEncoded(0x30);
      spki.nextContent(0x03);
      spki.requireEnd();
      String type = Arrays.equals(algorithm, PlainPkcs8.RSA) ? "RSA"
          : Arrays.equals(algorithm, PlainPkcs8.EC_P256) || Arrays.equals(algorithm, PlainPkcs8.EC_P384)
              || Arrays.equals(algorithm, PlainPkcs8.EC_P521) ? "EC"
          : Arrays.equals(algorithm, PlainPkcs8.ED25519) ? "Ed25519" : null;
      if (type == null) {
        return null;
      }
      return new KeyMaterial(KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der)), null, null, null, null);
    } catch (Der.Mismatch | GeneralSecurityException | RuntimeException e) {
      return null; // PemCodec says what is wrong
    }
  }
}
