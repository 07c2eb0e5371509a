package dev.signet.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;

/**
 * {@code --verbose}, an option of every command: stack traces with errors, and log lines from
 * INFO up unless {@code SIGNET_LOG_LEVEL} sets the level (the default is WARN, see {@link LogSetup}).
 */
final class Verbosity {
  static final String OPTION = "--verbose";

  private Verbosity() {}

  static boolean requested(@Nullable ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(OPTION)) {
        return true;
      }
    }
    return false;
  }

  /** For errors found while parsing, when there is no complete parse result. */
  static boolean requested(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals(OPTION)) {
        return true;
      }
    }
    return false;
  }

  static void apply(Host host) {
    if (host.env(LogSetup.LEVEL_VARIABLE).isEmpty() && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
    }
  }
}
