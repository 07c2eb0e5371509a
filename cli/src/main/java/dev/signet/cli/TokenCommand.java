package dev.signet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet token}: groups {@code sign}, {@code verify}, {@code decode} and {@code get}. */
@Command(
    name = "token",
    synopsisSubcommandLabel = "COMMAND",
    description = "Sign, verify and decode request tokens and access tokens; get an access token from a server.",
    commandListHeading = "%nCommands:%n")
final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }
}
