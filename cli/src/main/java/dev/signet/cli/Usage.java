package dev.signet.cli;

import java.io.PrintWriter;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;

/** Usage errors that picocli's annotations cannot express. */
final class Usage {
  private Usage() {}

  /** A command that needs a subcommand was run without one: one line naming them, exit 2. */
  static int missingSubcommand(CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("signet: missing command, one of: " + String.join(", ", spec.subcommands().keySet())
        + " (see '" + spec.qualifiedName() + " --help')");
    err.flush();
    return ExitCode.USAGE;
  }

  /** @throws CliError (exit 2) with {@code message} unless {@code condition} holds */
  static void check(boolean condition, String message) {
    if (!condition) {
      throw CliError.usage(message);
    }
  }
}
