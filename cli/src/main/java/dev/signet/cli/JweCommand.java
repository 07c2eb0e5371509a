package dev.signet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet jwe}: groups {@code encrypt} and {@code decrypt}. */
@Command(
    name = "jwe",
    synopsisSubcommandLabel = "COMMAND",
    description = "Encrypt a payload to a recipient's public key as a compact JWE (RFC 7516), and decrypt one with your key.",
    commandListHeading = "%nCommands:%n")
final class JweCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }
}
