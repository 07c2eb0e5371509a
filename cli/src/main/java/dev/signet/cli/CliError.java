package dev.signet.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ExitCode;

/**
 * Ends a command with a one-line message on stderr and an exit code: 2 for the user's mistake
 * (a bad option value, an unreadable file), 1 for a failure (an invalid token, a network error).
 * The message never holds key material or passphrases.
 */
public final class CliError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliError(int exitCode, @Nullable String message, @Nullable Throwable cause) {
    super(message == null ? "failed (no detail)" : message, cause);
    this.exitCode = exitCode;
  }

  public static CliError usage(@Nullable String message) {
    return new CliError(ExitCode.USAGE, message, null);
  }

  public static CliError usage(@Nullable String message, Throwable cause) {
    return new CliError(ExitCode.USAGE, message, cause);
  }

  public static CliError failure(@Nullable String message) {
    return new CliError(ExitCode.SOFTWARE, message, null);
  }

  public static CliError failure(@Nullable String message, Throwable cause) {
    return new CliError(ExitCode.SOFTWARE, message, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
