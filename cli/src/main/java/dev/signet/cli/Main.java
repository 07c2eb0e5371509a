package dev.signet.cli;

import picocli.CommandLine;
import picocli.CommandLine.RunLast;

/** The {@code signet} command: wires the commands together and runs one. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine(Host.system()).execute(args));
  }

  /** The whole command tree, with one-line errors and exit codes 0, 1 and 2. */
  static CommandLine commandLine(Host host) {
    CommandLine token = new CommandLine(new TokenCommand())
        .addSubcommand(new SignCommand(host))
        .addSubcommand(new VerifyCommand(host))
        .addSubcommand(new DecodeCommand(host));
    AdminCommand admin = new AdminCommand(host);
    CommandLine adminCommands = new CommandLine(admin)
        .addSubcommand(new CommandLine(new PrincipalsCommand(admin)))
        .addSubcommand(new CommandLine(new KeysCommand(admin)))
        .addSubcommand(new CommandLine(new EnrollmentsCommand(admin)))
        .addSubcommand(new AuditCommand(admin));
    CommandLine signet = new CommandLine(new SignetCommand())
        .addSubcommand(new KeygenCommand(host))
        .addSubcommand(token)
        .addSubcommand(new EnrollCommand(host))
        .addSubcommand(new CurlCommand(host))
        .addSubcommand(adminCommands)
        .addSubcommand(new ServerCommand(host));
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
}
