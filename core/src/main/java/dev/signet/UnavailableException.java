package dev.signet;

/**
 * A verification could not be decided because something it depends on failed: a key source
 * (database, JWKS endpoint) or a replay store. This is the system's fault, not the token's: an HTTP
 * server answers 503, never 401. Bad tokens are not exceptions; they are {@link Verification.Invalid}.
 */
public abstract class UnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  protected UnavailableException(String message) {
    super(message);
  }
}
