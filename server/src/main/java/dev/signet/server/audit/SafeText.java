package dev.signet.server.audit;

import org.jspecify.annotations.Nullable;

/**
 * Untrusted text made safe for one log line or one audit column, by core's one rule ({@link
 * dev.signet.internal.SafeText}): every character that could end a line, hide itself or reorder
 * what follows becomes {@code \\uXXXX}, and the text is bounded. Null stays null, for the audit's
 * optional columns.
 */
public final class SafeText {
  /** Long enough for any reason detail or path the server logs; the audit columns are no longer. */
  private static final int MAX_CHARS = 2048;

  private SafeText() {}

  /** {@code text} with line breaks and invisible characters escaped, cut to 2048 characters; {@code null} stays null. */
  public static @Nullable String escape(@Nullable String text) {
    return text == null ? null : dev.signet.internal.SafeText.escape(text, MAX_CHARS);
  }
}
