package dev.signet.internal;

/**
 * Untrusted text made safe for one line of a log, an audit row or a terminal. Public so that the
 * server and the CLI apply the rule core applies; not API (this package is internal).
 *
 * <p>{@link #escape(String)} writes as &#92;uXXXX (UTF-16 units, as Java and JSON write them)
 * every character that could end a line, move the cursor, hide itself or reorder what follows:
 * C0 controls (CR, LF, TAB, ESC…), DEL, C1 controls (NEL…), U+2028 and U+2029, format characters
 * (the bidi embeddings, overrides and isolates U+202A-202E and U+2066-2069, LRM, RLM, ALM,
 * zero-width characters, the BOM), surrogates without their pair, and spaces other than U+0020
 * (they pass for a space and are not one). Everything else is kept, so names in any script stay
 * readable. The result has at most a given length, is cut with {@code …} when longer, and never
 * ends inside an escape. So {@code escape("k1\r\nFORGED admin login ok")} is the one line
 * k1&#92;u000d&#92;u000aFORGED admin login ok.
 *
 * <p>Escaping is idempotent: safe text comes out unchanged, so each layer (core's messages, then
 * the server's log line) may escape again without doubling anything. It is not reversible, and is
 * not meant to be: a literal &#92;u000a in the input reads the same as an escaped line feed.
 *
 * <p>Stateless and thread-safe. The work is linear in the length of the output, so a megabyte of
 * input costs no more than {@code maxChars} characters of it.
 */
public final class SafeText {
  /** The bound of {@link #escape(String)}: enough for a URL or a kid, short enough for a log line. */
  public static final int DEFAULT_MAX_CHARS = 256;
  private static final char ELLIPSIS = '…';
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SafeText() {}

  /** {@code text} escaped and cut to at most {@link #DEFAULT_MAX_CHARS} characters. */
  public static String escape(String text) {
    return escape(text, DEFAULT_MAX_CHARS);
  }

  /**
   * {@code text} escaped and cut to at most {@code maxChars} characters (the {@code …} included).
   *
   * @throws IllegalArgumentException if {@code maxChars} is under 8 (one escape and the ellipsis)
   */
  public static String escape(String text, int maxChars) {
    if (maxChars < 8) {
      throw new IllegalArgumentException("maxChars must be at least 8: " + maxChars);
    }
    if (isSafe(text, maxChars)) {
      return text; // the common case: nothing to copy
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int units = Character.charCount(cp);
      int needed = isUnsafe(cp) ? 6 * units : units;
      boolean last = i + units == text.length();
      // keep one character free for the ellipsis unless this is the end of the text
      if (out.length() + needed > (last ? maxChars : maxChars - 1)) {
        return out.append(ELLIPSIS).toString();
      }
      if (needed == units) {
        out.appendCodePoint(cp);
      } else {
        for (int u = 0; u < units; u++) {
          appendEscape(out, text.charAt(i + u));
        }
      }
      i += units;
    }
    return out.toString();
  }

  /**
   * Whether {@code cp} must be escaped: a control, a format character, a line or paragraph
   * separator, a lone surrogate, or a space other than U+0020.
   */
  public static boolean isUnsafe(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> true;
      case Character.SPACE_SEPARATOR -> cp != ' ';
      default -> false;
    };
  }

  /** Whether {@code text} holds no character {@link #isUnsafe} would escape. */
  public static boolean isSafe(String text) {
    return isSafe(text, Integer.MAX_VALUE);
  }

  private static boolean isSafe(String text, int maxChars) {
    if (text.length() > maxChars) {
      return false;
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isUnsafe(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static void appendEscape(StringBuilder out, char c) {
    out.append('\\').append('u')
        .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
  }
}
