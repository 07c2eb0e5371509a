package dev.signet.server.audit;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Untrusted text made safe for one log line or one audit column: every character that could end
 * a line, hide itself or reorder what follows (C0 and C1 controls, {@code U+2028}, {@code
 * U+2029}, bidi and other format characters, lone surrogates) becomes {@code \\uXXXX}. Printable
 * text, backslashes included, is left alone, so escaping twice changes nothing.
 *
 * <p>A stand-in with the signature of core's {@code dev.signet.internal.SafeText.escape}, which
 * another change adds; switch to that one when it lands.
 */
public final class SafeText {
  private SafeText() {}

  /** {@code text} with line breaks and invisible characters escaped; {@code null} stays null. */
  public static @Nullable String escape(@Nullable String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !unsafe(text, i)) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unsafe(text, i)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean unsafe(String text, int i) {
    char c = text.charAt(i);
    if (c >= 0x20 && c < 0x7f) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
