package dev.signet;

/** Keys could not be looked up: the registry's database or a JWKS endpoint failed, with nothing cached. */
public final class KeySourceException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public KeySourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public KeySourceException(String message) {
    super(message);
  }
}
