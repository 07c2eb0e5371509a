package dev.signet.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a whole token: what the caches key on, so that they never hold a token itself. */
record TokenHash(long a, long b, long c, long d) {

  static TokenHash of(String token) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    ByteBuffer digest = ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
  }

  @Override
  public String toString() {
    return "TokenHash[" + Long.toHexString(a) + "…]";
  }
}
