package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The X.509 {@code SubjectPublicKeyInfo} of an Ed25519 key (RFC 8410 §4): always the same 12
 * bytes, then the 32-byte public key. Kept apart from {@link PublicKeys} so that reading it loads
 * no BouncyCastle class.
 */
final class Ed25519Spki {
  static final byte[] PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Spki() {}

  /** The 32-byte public value x of an Ed25519 key. */
  static byte[] raw(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (spki == null || spki.length != PREFIX.length + 32 || !Arrays.equals(spki, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new UnusableKeyException("not an Ed25519 public key");
    }
    return Arrays.copyOfRange(spki, PREFIX.length, spki.length);
  }
}
