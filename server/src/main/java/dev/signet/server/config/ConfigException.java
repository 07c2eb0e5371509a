package dev.signet.server.config;

/** A setting is missing or wrong; the message names the flag, variable or file that holds it. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
