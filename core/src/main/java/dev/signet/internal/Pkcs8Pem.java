package dev.signet.internal;

import java.security.PrivateKey;
import java.util.Arrays;

/**
 * {@code BEGIN PRIVATE KEY} (PKCS#8) with the JDK alone: the JDK's encoding of the key, the same
 * text as BouncyCastle's {@code JcaPKCS8Generator} writes, without loading BouncyCastle.
 */
public final class Pkcs8Pem {
  private Pkcs8Pem() {}

  public static String write(PrivateKey key) {
    byte[] der = key.getEncoded();
    try {
      return PemText.armour("PRIVATE KEY", der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }
}
