package dev.signet.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * {@code BEGIN PRIVATE KEY} (PKCS#8, RFC 5208) as {@code openssl genpkey} writes it, with the JDK
 * alone: RSA and Ed25519 keys as the JDK encodes them, an EC key with its public point inside
 * its SEC1 {@code ECPrivateKey} ({@code [1]}, RFC 5915; the curve is left to the algorithm
 * identifier, as OpenSSL does), so that a reader finds it rather than computing it
 * ({@link PlainPkcs8}). The JDK's own EC encoding leaves the point out.
 */
public final class Pkcs8Pem {
  private Pkcs8Pem() {}

  public static String write(PrivateKey key, PublicKey publicKey) {
    byte[] der = key instanceof ECPrivateKey ec && publicKey instanceof ECPublicKey point ? ec(ec, point) : key.getEncoded();
    try {
      return PemText.armour("PRIVATE KEY", der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static byte[] ec(ECPrivateKey key, ECPublicKey publicKey) {
    int fieldBytes = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    int orderBytes = (key.getParams().getOrder().bitLength() + 7) / 8;
    byte[] point = concat(new byte[] {0, 4}, unsigned(publicKey.getW().getAffineX(), fieldBytes),
        unsigned(publicKey.getW().getAffineY(), fieldBytes));
    byte[] d = unsigned(key.getS(), orderBytes);
    byte[] sec1 = tlv(0x30, concat(new byte[] {2, 1, 1}, tlv(0x04, d), tlv(0xa1, tlv(0x03, point))));
    byte[] algorithm = Der.algorithmOf(key.getEncoded());
    byte[] der = tlv(0x30, concat(new byte[] {2, 1, 0}, algorithm, tlv(0x04, sec1)));
    Arrays.fill(d, (byte) 0);
    Arrays.fill(sec1, (byte) 0);
    return der;
  }

  /** {@code value} big-endian in exactly {@code length} bytes. */
  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[length];
    int copied = Math.min(bytes.length, length);
    System.arraycopy(bytes, bytes.length - copied, out, length - copied, copied);
    Arrays.fill(bytes, (byte) 0);
    return out;
  }

  /** A DER element: the tag, the length in its shortest form, the content. */
  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
