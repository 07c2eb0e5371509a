package dev.signet.web;

/**
 * Untrusted text made safe for one log line: control characters (line breaks included), the
 * Unicode line and paragraph separators and bidirectional overrides become {@code \}{@code uXXXX}
 * escapes, and the text is cut at {@link #MAX} characters.
 */
final class LogText {
  static final int MAX = 200;

  private LogText() {}

  static String escape(String untrusted) {
    StringBuilder out = new StringBuilder(Math.min(untrusted.length(), MAX) + 8);
    for (int i = 0; i < untrusted.length(); i++) {
      if (out.length() >= MAX) {
        return out.append("…").toString();
      }
      char c = untrusted.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
