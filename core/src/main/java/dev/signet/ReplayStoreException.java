package dev.signet;

/**
 * The replay store could not record a nonce (Redis unreachable, or the in-memory store full). The
 * verifier fails closed: the token is neither accepted nor rejected, and the caller answers 503.
 */
public final class ReplayStoreException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public ReplayStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public ReplayStoreException(String message) {
    super(message);
  }
}
