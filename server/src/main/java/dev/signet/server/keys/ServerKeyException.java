package dev.signet.server.keys;

/** A change to the server's keys that its rules refuse; the message says what to do instead. */
public final class ServerKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No key with that kid (HTTP 404). */
    UNKNOWN_KEY,
    /** The change conflicts with the keys' state, e.g. a new key is already waiting (HTTP 409). */
    CONFLICT
  }

  private final Reason reason;

  ServerKeyException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
