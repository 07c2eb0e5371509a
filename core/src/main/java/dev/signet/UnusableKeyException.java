package dev.signet;

import dev.signet.internal.SafeText;

/**
 * Thrown when text or a JCA key is not a key Signet will use: malformed, of an unsupported type or
 * curve, too weak (RSA under 2048 bits, an even or tiny exponent), a point off its curve or of small
 * order, a private key where a public one belongs, over its format's size bound, or encrypted
 * without the right passphrase (or asking for more key-derivation work than Signet does).
 *
 * <p>The message says what was wrong and what was expected, and never quotes key material, so it
 * is safe to show to whoever supplied the key. Parts of it may come from the key text (a label, an
 * {@code alg}, a PEM type), so it is made safe for a log line or a terminal here, whoever throws:
 * control, format and line-separator characters are escaped as &#92;uXXXX and it is cut to
 * {@value #MAX_MESSAGE_CHARS} characters ({@link dev.signet.internal.SafeText}).
 */
public final class UnusableKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  /** The longest message kept. */
  public static final int MAX_MESSAGE_CHARS = 320;

  public UnusableKeyException(String message) {
    super(SafeText.escape(message, MAX_MESSAGE_CHARS));
  }

  public UnusableKeyException(String message, Throwable cause) {
    super(SafeText.escape(message, MAX_MESSAGE_CHARS), cause);
  }
}
