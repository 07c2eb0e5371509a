package dev.signet.dist;

import dev.signet.cli.Host;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code signet server}, as registered beside the client commands: it takes its arguments unparsed
 * and leaves them, and its help, to {@link ServerStart}, so that a client command loads no server
 * class (the settings table the options are made from is the server's).
 */
@Command(name = "server", description = ServerStart.DESCRIPTION)
final class ServerCommand implements Runnable {
  private static final String FULL_HELP = "signetServerOptions";

  @Spec CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  private final Host host;

  private ServerCommand(Host host) {
    this.host = host;
  }

  /** The command; {@code server --help} prints {@link ServerStart#options()}'s usage, made only when asked for. */
  static CommandLine commandLine(Host host) {
    CommandLine line = new CommandLine(new ServerCommand(host));
    line.getHelpSectionMap().put(FULL_HELP, help -> ServerStart.usage(help.commandSpec().qualifiedName(),
        help.commandSpec().usageMessage().width(), help.colorScheme()));
    line.setHelpSectionKeys(List.of(FULL_HELP));
    return line;
  }

  @Override
  public void run() {
    ServerStart.run(spec.qualifiedName(), args, host, spec.commandLine().getOut());
  }
}
