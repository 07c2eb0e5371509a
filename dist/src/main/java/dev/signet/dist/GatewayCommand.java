package dev.signet.dist;

import dev.signet.cli.CliError;
import dev.signet.cli.Host;
import dev.signet.gateway.Gateway;
import dev.signet.gateway.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet gateway --config gateway.yaml} (SPEC §5): starts the verifying reverse proxy,
 * prints {@code listening on URL}, reloads the file on SIGHUP and when it changes, and stops on
 * SIGTERM or Ctrl-C after in-flight requests finish.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the Signet gateway: a reverse proxy that verifies tokens before forwarding (SPEC 5).",
    footer = {"",
        "The YAML file names the listener, the trusted issuers and the routes; see README.md, section Gateway.",
        "It is reloaded on SIGHUP and when it changes; a file that fails its checks is refused and the running one stays.",
        "Exit status: 0 stopped by SIGTERM or Ctrl-C, 1 cannot start, 2 usage or configuration error."})
final class GatewayCommand implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the gateway's YAML configuration")
  @Nullable Path config;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info", description = "trace, debug, info, warn, error or off (default: info)")
  String logLevel = "info";

  private GatewayCommand() {}

  static CommandLine commandLine(Host host) {
    return new CommandLine(new GatewayCommand());
  }

  @Override
  public void run() {
    Path file = java.util.Objects.requireNonNull(config, "config");
    ServerLogging.apply(logLevel);
    Gateway gateway;
    try {
      gateway = Gateway.start(file);
    } catch (ConfigException e) {
      throw CliError.usage(file + ": " + e.getMessage());
    } catch (IllegalStateException e) {
      throw CliError.failure("cannot start: " + e.getMessage(), e);
    }
    try {
      if (!gateway.reloadOnHangup()) {
        log.warn("SIGHUP is not available here: the configuration reloads when its file changes");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("listening on " + gateway.uri());
      out.flush();
    } catch (RuntimeException e) {
      gateway.close(); // else Jetty's threads keep the JVM up
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: letting in-flight requests finish");
      gateway.close();
      stopped.countDown();
      Runtime.getRuntime().halt(0); // a stop asked for is a success (see ServerStart)
    }, "signet-gateway-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
