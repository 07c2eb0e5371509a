package dev.signet.internal;

/**
 * The base64url alphabet ({@code A-Z a-z 0-9 - _}, RFC 4648 §5) as a table: the per-character
 * check of every token on the request path (a chain of range tests was ~5-8% of a request token's
 * check, gh-18). Shared by core's strict decoding and the server's token-shape check.
 */
public final class Base64UrlAlphabet {
  private static final boolean[] TABLE = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TABLE[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
  }

  private Base64UrlAlphabet() {}

  /** Whether {@code c} is one of the 64 characters (never true outside ASCII). */
  public static boolean contains(char c) {
    return c < 128 && TABLE[c];
  }
}
