package dev.signet.cli;

import dev.signet.UnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into one line on stderr, {@code signet: <message>}, and an exit code: 2 for
 * usage errors, 1 for failures. A stack trace only with {@code --verbose}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private static final int MAX_MESSAGE = 1000;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    if (Verbosity.requested(args)) {
      ex.printStackTrace(err);
    }
    err.println("signet: " + oneLine(UnknownArgument.describe(ex).orElse(ex.getMessage()))
        + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (Verbosity.requested(parseResult)) {
      ex.printStackTrace(err);
    }
    int exitCode;
    String message;
    switch (ex) {
      case CliError e -> {
        exitCode = e.exitCode();
        message = e.getMessage();
      }
      case UnavailableException e -> {
        exitCode = ExitCode.SOFTWARE;
        message = e.getMessage();
      }
      default -> {
        exitCode = ExitCode.SOFTWARE;
        message = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
      }
    }
    err.println("signet: " + oneLine(message));
    err.flush();
    return exitCode;
  }

  /**
   * Control characters and the other characters {@link TerminalText} escapes (from file names,
   * tokens or a server's message) become '?', so the message stays one line and cannot drive the
   * terminal.
   */
  static String oneLine(@org.jspecify.annotations.Nullable String message) {
    if (message == null) {
      return "error";
    }
    String cleaned = message.codePoints()
        .map(c -> c == '\n' || c == '\r' || c == '\t' ? ' ' : c <= Character.MAX_VALUE && TerminalText.unsafe((char) c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString().strip();
    return cleaned.length() <= MAX_MESSAGE ? cleaned : cleaned.substring(0, MAX_MESSAGE) + "…";
  }
}
