package dev.signet;

/**
 * Thrown when text or a JCA key is not a key Signet will use: malformed, of an unsupported type or
 * curve, too weak (RSA under 2048 bits, an even or tiny exponent), a point off its curve, a private
 * key where a public one belongs, or encrypted without the right passphrase.
 *
 * <p>The message says what was wrong and what was expected, and never quotes key material, so it
 * is safe to show to whoever supplied the key.
 */
public final class UnusableKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnusableKeyException(String message) {
    super(message);
  }

  public UnusableKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
