package dev.signet.dist;

import dev.signet.cli.Commands;
import dev.signet.cli.Host;
import java.util.List;

/** The {@code signet} command of the distribution: the client commands, and {@code server}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Host host = Host.system();
    System.exit(Commands.commandLine(host, List.of(ServerCommand.commandLine(host))).execute(args));
  }
}
