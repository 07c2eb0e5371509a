package dev.signet.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.RunLast;

/**
 * The {@code signet} command tree of the client commands (keys, tokens, enrollment, signed
 * requests, the admin API), with one-line errors and exit codes 0, 1 and 2. The distribution
 * ({@code signet-dist}) adds the commands that run servers, so that the client commands' class
 * path holds no server code.
 */
public final class Commands {
  private Commands() {}

  /** The client commands, then {@code more} (picocli command objects) as further subcommands. */
  public static CommandLine commandLine(Host host, List<?> more) {
    CommandLine token = new CommandLine(new TokenCommand())
        .addSubcommand(new SignCommand(host))
        .addSubcommand(new VerifyCommand(host))
        .addSubcommand(new DecodeCommand(host));
    AdminCommand admin = new AdminCommand(host);
    CommandLine adminCommands = new CommandLine(admin)
        .addSubcommand(new CommandLine(new PrincipalsCommand(admin)))
        .addSubcommand(new CommandLine(new KeysCommand(admin)))
        .addSubcommand(new CommandLine(new EnrollmentsCommand(admin)))
        .addSubcommand(new CommandLine(new SigningKeysCommand(admin)))
        .addSubcommand(new AuditCommand(admin));
    CommandLine signet = new CommandLine(new SignetCommand())
        .addSubcommand(new KeygenCommand(host))
        .addSubcommand(token)
        .addSubcommand(new EnrollCommand(host))
        .addSubcommand(new CurlCommand(host))
        .addSubcommand(adminCommands);
    more.forEach(signet::addSubcommand);
    ErrorReporter errors = new ErrorReporter();
    signet.setCaseInsensitiveEnumValuesAllowed(true);
    signet.setExpandAtFiles(false); // '@file' is curl's data syntax, not picocli's argument file
    signet.setParameterExceptionHandler(errors);
    signet.setExecutionExceptionHandler(errors);
    signet.setExecutionStrategy(parseResult -> {
      if (Verbosity.requested(parseResult)) {
        Verbosity.apply(host);
      }
      return new RunLast().execute(parseResult);
    });
    return signet;
  }

  static CommandLine commandLine(Host host) {
    return commandLine(host, List.of());
  }
}
