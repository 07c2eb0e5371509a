package dev.signet.dist;

import dev.signet.cli.Commands;
import dev.signet.cli.Host;
import java.util.Map;
import picocli.CommandLine;

/** The {@code signet} command of the distribution: the client commands, and {@code server}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine(Host.system(), args).execute(args));
  }

  /** The tree for {@code args}: only the command they name, when they name one (see {@link Commands}). */
  static CommandLine commandLine(Host host, String... args) {
    return Commands.commandLine(host, Map.of("server", () -> ServerCommand.commandLine(host)), args);
  }
}
