package dev.signet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
 * The same holds one level down: {@code token sign} builds {@code token} with {@code sign} alone.
 * {@code signet --help} (and {@code --version}), which runs no command and lists each
 * by its name and {@code @Command} header or description, lists them from their annotations alone.
 */
public final class Commands {
  /** Root options after which no command runs: the commands are only listed (help) or not needed (version). */
  private static final Set<String> LISTING_ONLY = Set.of("-h", "--help", "-V", "--version");

  private Commands() {}

  /**
   * A top-level command: its {@code @Command}-annotated class, and how to make its picocli command
   * object (an instance of {@code type}, or a {@link CommandLine} of one) when it is needed.
   */
  public record Entry(Class<?> type, Supplier<Object> make) {}

  /**
   * The client commands, then {@code more} (by name) as further subcommands; only the one
   * {@code args} name, when they name one.
   */
  public static CommandLine commandLine(Host host, Map<String, Entry> more, String... args) {
    Map<String, Entry> commands = new LinkedHashMap<>();
    commands.put("keygen", new Entry(KeygenCommand.class, () -> new KeygenCommand(host)));
    Map<String, Supplier<Object>> token = new LinkedHashMap<>();
    token.put("sign", () -> new SignCommand(host));
    token.put("verify", () -> new VerifyCommand(host));
    token.put("decode", () -> new DecodeCommand(host));
    token.put("get", () -> new TokenGetCommand(host));
    commands.put("token", new Entry(TokenCommand.class, () -> group(new TokenCommand(), token, args)));
    commands.put("enroll", new Entry(EnrollCommand.class, () -> new EnrollCommand(host)));
    commands.put("curl", new Entry(CurlCommand.class, () -> new CurlCommand(host)));
    Map<String, Supplier<Object>> jwe = new LinkedHashMap<>();
    jwe.put("encrypt", () -> new JweEncryptCommand(host));
    jwe.put("decrypt", () -> new JweDecryptCommand(host));
    commands.put("jwe", new Entry(JweCommand.class, () -> group(new JweCommand(), jwe, args)));
    commands.put("admin", new Entry(AdminCommand.class, () -> admin(host)));
    commands.putAll(more);

    CommandLine signet = new CommandLine(new SignetCommand());
    String named = named(args);
    if (named != null && commands.containsKey(named)) {
      signet.addSubcommand(named, commands.get(named).make().get());
    } else if (args.length == 1 && LISTING_ONLY.contains(args[0])) {
      commands.forEach((name, command) -> signet.addSubcommand(name, listed(name, command.type())));
    } else {
      commands.forEach((name, command) -> signet.addSubcommand(name, command.make().get()));
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

  /**
   * A command with subcommands: only the one the arguments name right after the group's name, when
   * they name one exactly (its help, errors and suggestions are its own); else all of them.
   */
  private static CommandLine group(Object command, Map<String, Supplier<Object>> subcommands, String[] args) {
    CommandLine group = new CommandLine(command);
    String name = group.getCommandName();
    String named = null;
    for (int i = 0; i + 1 < args.length && named == null; i++) {
      if (args[i].equals(name)) {
        named = args[i + 1];
      } else if (!args[i].startsWith("-")) {
        break; // the first argument that is no option names the top-level command: not this one
      }
    }
    if (named != null && subcommands.containsKey(named)) {
      group.addSubcommand(subcommands.get(named).get());
    } else {
      subcommands.values().forEach(subcommand -> group.addSubcommand(subcommand.get()));
    }
    return group;
  }

  private static CommandLine admin(Host host) {
    AdminCommand admin = new AdminCommand(host);
    CommandLine tree = new CommandLine(admin)
        .addSubcommand(new CommandLine(new PrincipalsCommand(admin)))
        .addSubcommand(new CommandLine(new KeysCommand(admin)))
        .addSubcommand(new CommandLine(new EnrollmentsCommand(admin)))
        .addSubcommand(new CommandLine(new SigningKeysCommand(admin)))
        .addSubcommand(new CommandLine(new EncryptionKeysCommand(admin)))
        .addSubcommand(new AuditCommand(admin));
    kidsMayStartWithADash(tree);
    return tree;
  }

  /**
   * A kid is often an RFC 7638 thumbprint in base64url, which starts with {@code -} once in 64
   * keys: where a command takes a KID argument, an argument that looks like an option but is none
   * of the command's is that KID (else {@code admin keys delete bob -7CW…} is an "unknown option").
   */
  private static void kidsMayStartWithADash(CommandLine command) {
    if (command.getCommandSpec().positionalParameters().stream().anyMatch(p -> p.paramLabel().equals("KID"))) {
      command.setUnmatchedOptionsArePositionalParams(true);
    }
    command.getSubcommands().values().forEach(Commands::kidsMayStartWithADash);
  }

  /** What the root's help lists of a command, read from its class's {@code @Command} without building the command. */
  private static CommandLine listed(String name, Class<?> type) {
    Command command = type.getAnnotation(Command.class);
    if (command == null) {
      throw new IllegalArgumentException(type + " has no @Command");
    }
    CommandSpec spec = CommandSpec.create().name(name).aliases(command.aliases());
    spec.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
    return new CommandLine(spec);
  }

  /** The top-level command the arguments name: the first that is no option, unless a root option asks for help first. */
  private static @Nullable String named(String[] args) {
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
