package dev.signet.gateway.config;

import java.io.Serial;

/** The configuration cannot be used; the message names the field ({@code routes[1].upstream}) and the value. */
public final class ConfigException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
