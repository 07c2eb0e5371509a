package dev.signet.cli;

import java.util.Locale;

/**
 * Untrusted text (from a token, a server's answer or a file) made safe to print: control
 * characters (C0, DEL, C1: ESC starts the terminal's escape sequences), the Unicode line and
 * paragraph separators and the bidirectional controls (which can make a line read as something
 * else) are shown as {@code \}{@code u001b}. Core's {@code SafeText}, which escapes for logs and
 * audit rows, also cuts the text short and escapes every format character; a terminal shows
 * whole response bodies, with their line breaks and emoji, so this one keeps those.
 */
final class TerminalText {
  private TerminalText() {}

  /** Every such character escaped, line breaks and tabs too: for one-line fields and log messages. */
  static String escape(String text) {
    return escape(text, false);
  }

  /** The same, keeping line breaks ({@code \n}, {@code \r\n}) and tabs: for multi-line text, such as a response body. */
  static String escapeKeepingLines(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean keepLines) {
    int first = 0;
    while (first < text.length() && !unsafe(text, first, keepLines)) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unsafe(text, i, keepLines)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A carriage return is kept only before a line feed: alone, it lets text overwrite its line. */
  private static boolean unsafe(String text, int i, boolean keepLines) {
    char c = text.charAt(i);
    if (keepLines && (c == '\n' || c == '\t' || (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
      return false;
    }
    return unsafe(c);
  }

  /** Whether {@code c} is a control character, a line or paragraph separator or a bidirectional control. */
  static boolean unsafe(char c) {
    return Character.isISOControl(c)
        || c == '\u2028' || c == '\u2029'                 // line and paragraph separators
        || c == '\u200e' || c == '\u200f' || c == '\u061c' // direction marks
        || (c >= '\u202a' && c <= '\u202e')               // embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069');              // isolates
  }
}
