package dev.signet.server.keys;

import java.util.Locale;

/** What a server key is for: the JWK {@code use} member (RFC 7517 §4.2). */
public enum KeyUse {
  /** Signs the tokens the server issues. */
  SIG,
  /** Decrypts what clients encrypt to the server. */
  ENC;

  /** {@code sig} or {@code enc}, as in a JWK and in the database. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  static KeyUse fromCode(String code) {
    return switch (code) {
      case "sig" -> SIG;
      case "enc" -> ENC;
      default -> throw new IllegalArgumentException("unknown key use '" + code + "'");
    };
  }
}
