package dev.signet.server.storage;

import dev.signet.UnavailableException;

/**
 * The database could not be reached or failed a statement: the server's fault, answered with 503.
 * The message names the database (password masked) and the driver's error; it is for logs, not
 * for clients.
 */
public final class DatabaseUnavailableException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
