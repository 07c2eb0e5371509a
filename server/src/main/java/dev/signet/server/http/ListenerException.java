package dev.signet.server.http;

/** A listening port cannot be had; the message names the port, its flag and what to do. */
public final class ListenerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ListenerException(String message, Throwable cause) {
    super(message, cause);
  }
}
