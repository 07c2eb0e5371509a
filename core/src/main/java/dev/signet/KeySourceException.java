package dev.signet;

/**
 * Keys could not be looked up: the registry's database failed, or a JWKS endpoint failed with no
 * usable document in hand (none fetched yet, or the last one older than
 * {@code cacheTtl + outageTolerance}: see {@link RemoteJwks}). An HTTP service answers 503. The
 * message names the endpoint, for operators; never pass it to clients.
 */
public final class KeySourceException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public KeySourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public KeySourceException(String message) {
    super(message);
  }
}
