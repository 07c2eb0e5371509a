package dev.signet.dist;

import dev.signet.cli.Commands;
import dev.signet.cli.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** The {@code signet} command of the distribution: the client commands, {@code server} and {@code gateway}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine(Host.system(), args).execute(args));
  }

  /** The tree for {@code args}: only the command they name, when they name one (see {@link Commands}). */
  static CommandLine commandLine(Host host, String... args) {
    Map<String, Commands.Entry> more = new LinkedHashMap<>();
    more.put("server", new Commands.Entry(ServerCommand.class, () -> ServerCommand.commandLine(host)));
    more.put("gateway", new Commands.Entry(GatewayCommand.class, () -> GatewayCommand.commandLine(host)));
    return Commands.commandLine(host, more, args);
  }
}
