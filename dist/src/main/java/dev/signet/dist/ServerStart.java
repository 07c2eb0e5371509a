package dev.signet.dist;

import dev.signet.UnavailableException;
import dev.signet.cli.CliError;
import dev.signet.cli.Host;
import dev.signet.server.SignetServer;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.ServerSettings;
import dev.signet.server.config.Setting;
import dev.signet.server.config.Settings;
import dev.signet.server.http.ListenerException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code signet server}'s options, made from {@link ServerSettings} (the one table of settings,
 * which also gives their {@code SIGNET_*} variables and YAML keys), and its run: start the server,
 * print the admin enrollment code and the {@code listening on} line, serve until SIGTERM or
 * Ctrl-C, then let in-flight requests finish.
 */
final class ServerStart {
  static final String DESCRIPTION = "Run the Signet server (key registry, enrollment, request-signed API).";
  private static final Logger log = LoggerFactory.getLogger(ServerStart.class);

  private ServerStart() {}

  /** The options: {@code --config}, help, and one per setting of {@link ServerSettings#ALL}, in table order. */
  static CommandLine options() {
    CommandLine line = new CommandLine(new Options());
    for (Setting<?> setting : ServerSettings.ALL) {
      OptionSpec.Builder option = OptionSpec.builder(setting.flag()).description(setting.help()).type(String.class);
      if (setting.isSwitch()) {
        option.arity("0..1").fallbackValue("true").paramLabel("true|false");
      } else if (setting.kind().isList()) {
        option.arity("1").paramLabel(setting.label()).type(List.class).auxiliaryTypes(String.class); // may be repeated
      } else {
        option.arity("1").paramLabel(setting.label());
      }
      line.getCommandSpec().addOption(option.build());
    }
    return line;
  }

  static String usage(String commandName, int width, CommandLine.Help.ColorScheme colors) {
    CommandLine options = options();
    options.setCommandName(commandName);
    options.setUsageHelpWidth(width);
    return options.getUsageMessage(colors);
  }

  static void run(String commandName, List<String> args, Host host, PrintWriter out) {
    CommandLine options = options();
    options.setCommandName(commandName);
    try {
      options.parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw CliError.usage(e.getMessage() + " (see signet server --help)");
    }
    ServerConfig config;
    try {
      config = ServerConfig.from(Settings.from(flagsGiven(options), host.env()));
    } catch (ConfigException e) {
      throw CliError.usage(e.getMessage());
    }
    ServerLogging.apply(config.logLevel());
    SignetServer server;
    try {
      server = SignetServer.start(config);
    } catch (ConfigException e) {
      throw CliError.usage(e.getMessage());
    } catch (ListenerException | UnavailableException e) {
      throw CliError.failure("cannot start: " + e.getMessage(), e);
    }
    server.adminEnrollmentLine().ifPresent(out::println);
    out.println("listening on " + server.baseUrl());
    out.flush();
    awaitShutdown(server);
  }

  /** The options typed on the command line (not their defaults), by name without dashes. */
  static Map<String, String> flagsGiven(CommandLine options) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec option : options.getParseResult().matchedOptions()) {
      Object value = option.getValue();
      String name = option.longestName().substring(2);
      if (!option.longestName().startsWith("--")) {
        continue;
      }
      if (value instanceof String text) {
        flags.put(name, text);
      } else if (value instanceof List<?> items) {
        flags.put(name, String.join(",", items.stream().map(String::valueOf).toList()));
      }
    }
    return flags;
  }

  private static void awaitShutdown(SignetServer server) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: letting in-flight requests finish");
      server.close();
      log.info("stopped");
      stopped.countDown();
      // A stop asked for (SIGTERM, Ctrl-C) that went well is a success: exit 0 rather than the JVM's
      // 128 + signal. halt, because exit() blocks inside a shutdown hook; storage is closed by now.
      Runtime.getRuntime().halt(0);
    }, "signet-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What {@code server --help} shows besides the settings. */
  @Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false, description = DESCRIPTION,
      footer = {"",
          "Each option is also an environment variable and a key of the --config YAML file, spelled so:",
          "  --data-dir /srv/signet    SIGNET_DATA_DIR=/srv/signet    data-dir: /srv/signet",
          "Flags win over variables, variables over the file; an unknown name is refused.",
          "Durations: 500ms, 20s, 15m, 2h, 7d. Sizes: 512, 64KiB, 16MiB.",
          "Exit status: 0 stopped by SIGTERM or Ctrl-C, 1 cannot start, 2 usage or configuration error."})
  static final class Options {
    @Option(names = "--config", paramLabel = "FILE",
        description = "YAML file of settings: one 'key: value' line each, keys spelled as the options without their dashes")
    @Nullable String config;
  }
}
