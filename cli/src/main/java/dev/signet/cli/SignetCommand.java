package dev.signet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code signet}: the root command; its subcommands are wired in {@link Commands}. */
@Command(
    name = "signet",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Authenticate API requests with asymmetric JWTs.",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Exit status: 0 success, 1 failure (invalid token, network), 2 usage error.",
        "Logs go to stderr, from " + LogSetup.DEFAULT_LEVEL + " up unless " + LogSetup.LEVEL_VARIABLE
            + " names another level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); " + Verbosity.OPTION
            + " logs from INFO up. The server sets its own level (see 'signet server --help'); the variable sets that too."})
final class SignetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = Verbosity.OPTION, scope = ScopeType.INHERIT,
      description = "On errors, print the stack trace; log from INFO up.")
  boolean verbose;

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }
}
