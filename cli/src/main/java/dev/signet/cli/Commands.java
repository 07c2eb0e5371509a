package dev.signet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.RunLast;

/**
 * The {@code signet} command tree of the client commands (keys, tokens, enrollment, signed
 * requests, the admin API), with one-line errors and exit codes 0, 1 and 2. The distribution
 * ({@code signet-dist}) adds the commands that run servers, so that the client commands' class
 * path holds no server code.
 *
 * <p>picocli reads every command's annotations when the command joins the tree, which costs a
 * short command more than its own work; so when the arguments name a top-level command, only
 * that one joins (its help, errors and suggestions are those of the full tree as far as it goes),
 * and the full tree is built for everything else: no command, root options, an unknown command.
 */
public final class Commands {
  private Commands() {}

  /**
   * The client commands, then {@code more} (picocli command objects by name, made when needed)
   * as further subcommands; only the one {@code args} name, when they name one.
   */
  public static CommandLine commandLine(Host host, Map<String, Supplier<Object>> more, String... args) {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("keygen", () -> new KeygenCommand(host));
    commands.put("token", () -> new CommandLine(new TokenCommand())
        .addSubcommand(new SignCommand(host))
        .addSubcommand(new VerifyCommand(host))
        .addSubcommand(new DecodeCommand(host))
        .addSubcommand(new TokenGetCommand(host)));
    commands.put("enroll", () -> new EnrollCommand(host));
    commands.put("curl", () -> new CurlCommand(host));
    commands.put("jwe", () -> new CommandLine(new JweCommand())
        .addSubcommand(new JweEncryptCommand(host))
        .addSubcommand(new JweDecryptCommand(host)));
    commands.put("admin", () -> admin(host));
    commands.putAll(more);

    CommandLine signet = new CommandLine(new SignetCommand());
    String named = named(args);
    if (named != null && commands.containsKey(named)) {
      signet.addSubcommand(named, commands.get(named).get());
    } else {
      commands.forEach((name, command) -> signet.addSubcommand(name, command.get()));
    }
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

  /** The whole tree of the client commands. */
  static CommandLine commandLine(Host host) {
    return commandLine(host, Map.of());
  }

  private static CommandLine admin(Host host) {
    AdminCommand admin = new AdminCommand(host);
    return new CommandLine(admin)
        .addSubcommand(new CommandLine(new PrincipalsCommand(admin)))
        .addSubcommand(new CommandLine(new KeysCommand(admin)))
        .addSubcommand(new CommandLine(new EnrollmentsCommand(admin)))
        .addSubcommand(new CommandLine(new SigningKeysCommand(admin)))
        .addSubcommand(new CommandLine(new EncryptionKeysCommand(admin)))
        .addSubcommand(new AuditCommand(admin));
  }

  /** The top-level command the arguments name: the first that is no option, unless a root option asks for help first. */
  private static @org.jspecify.annotations.Nullable String named(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg;
      }
      if (!arg.equals(Verbosity.OPTION)) { // -h, --help, -V, --version, or something unknown: the whole tree answers
        return null;
      }
    }
    return null;
  }
}
