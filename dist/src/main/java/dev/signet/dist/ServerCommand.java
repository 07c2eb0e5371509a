package dev.signet.dist;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.signet.cli.CliError;
import dev.signet.cli.Host;
import dev.signet.server.SignetServer;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Settings;
import dev.signet.UnavailableException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet server}: runs the auth server until SIGTERM or Ctrl-C, then lets in-flight
 * requests finish. Every option is also a {@code SIGNET_*} variable and a key of the
 * {@code --config} YAML file; flags win over variables, variables over the file.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Run the Signet server (key registry, enrollment, request-signed API).",
        "Each option is also an environment variable SIGNET_<OPTION> (e.g. SIGNET_DATA_DIR) and a key in the --config YAML file."})
final class ServerCommand implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file of settings (keys as the options, without dashes)")
  @Nullable String config;
  @Option(names = "--host", description = "interface to listen on (default 127.0.0.1)") @Nullable String host;
  @Option(names = "--port", description = "port; 0 picks a free one (default 8080)") @Nullable String port;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "embedded database and keys (default ./signet-data)") @Nullable String dataDir;
  @Option(names = "--db", paramLabel = "JDBC_URL", description = "jdbc:postgresql://… (default: H2 file in the data dir)") @Nullable String db;
  @Option(names = "--db-user", description = "database user, if not in the URL") @Nullable String dbUser;
  @Option(names = "--db-password", description = "database password (prefer SIGNET_DB_PASSWORD: flags show in ps)") @Nullable String dbPassword;
  @Option(names = "--redis", paramLabel = "URL", description = "redis://… for the shared replay store (default: in memory)") @Nullable String redis;
  @Option(names = "--issuer", paramLabel = "URL", description = "public base URL, the aud of standard request tokens (default http://HOST:PORT)") @Nullable String issuer;
  @Option(names = "--admin-key", paramLabel = "FILE", description = "public key of the admin principal, installed on first start") @Nullable String adminKey;
  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain; serves https with --tls-key") @Nullable String tlsCert;
  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert") @Nullable String tlsKey;
  @Option(names = "--crypto-provider", description = "auto, accp or jdk (default auto: ACCP where it loads)") @Nullable String cryptoProvider;
  @Option(names = "--clock-skew", description = "request tokens' allowed clock difference (default 20s)") @Nullable String clockSkew;
  @Option(names = "--max-token-lifetime", description = "longest exp - iat of a request token (default 60s)") @Nullable String maxTokenLifetime;
  @Option(names = "--key-cache-ttl", description = "how long keys are cached; bounds how late other instances see a deletion (default 2s)") @Nullable String keyCacheTtl;
  @Option(names = "--enrollment-ttl", description = "lifetime of enrollment codes (default 15m)") @Nullable String enrollmentTtl;
  @Option(names = "--max-body-size", description = "larger request bodies are refused (default 64KiB)") @Nullable String maxBodySize;
  @Option(names = "--max-header-size", description = "larger request headers are refused (default 8KiB)") @Nullable String maxHeaderSize;
  @Option(names = "--shutdown-timeout", description = "how long in-flight requests may finish on SIGTERM (default 20s)") @Nullable String shutdownTimeout;
  @Option(names = "--require-binding", description = "binding claims every request token must carry: htm,htu,qsh,bsh") @Nullable String requireBinding;
  @Option(names = "--jwks-allow-private-hosts", description = "hosts a principal's jwks_uri may name although they resolve to private addresses") @Nullable String jwksAllowPrivateHosts;
  @Option(names = "--log-level", description = "TRACE, DEBUG, INFO, WARN, ERROR (default INFO)") @Nullable String logLevel;
  @Option(names = "--public-url", paramLabel = "URL", description = "another base URL the server answers under besides --issuer (repeatable); request tokens' htu may name it") @Nullable List<String> publicUrl;
  @Option(names = "--trusted-proxies", paramLabel = "CIDR", description = "proxies whose Forwarded / X-Forwarded-* headers are believed: IPs or CIDR ranges, comma-separated (default none)") @Nullable String trustedProxies;
  @Option(names = "--max-keys-per-principal", description = "how many keys one principal may have (default 32)") @Nullable String maxKeysPerPrincipal;
  @Option(names = "--audit-retention", description = "how long audit entries are kept, deleted in the background (default 90d)") @Nullable String auditRetention;

  private final Host host0;

  ServerCommand(Host host) {
    this.host0 = host;
  }

  @Override
  public void run() {
    Map<String, String> flags = new LinkedHashMap<>();
    spec.options().forEach(o -> {
      Object value = o.getValue();
      if (value instanceof String s && o.longestName().startsWith("--")) {
        flags.put(o.longestName().substring(2), s);
      } else if (value instanceof List<?> repeated && !repeated.isEmpty() && o.longestName().startsWith("--")) {
        flags.put(o.longestName().substring(2), String.join(",", repeated.stream().map(String::valueOf).toList()));
      }
    });
    ServerConfig serverConfig;
    try {
      serverConfig = ServerConfig.from(Settings.from(flags, host0.env()));
    } catch (ConfigException e) {
      throw CliError.usage(e.getMessage());
    }
    setLogLevel(serverConfig.logLevel());
    SignetServer server;
    try {
      server = SignetServer.start(serverConfig);
    } catch (ConfigException e) {
      throw CliError.usage(e.getMessage());
    } catch (UnavailableException e) {
      throw CliError.failure("cannot start: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    server.adminEnrollmentCode().ifPresent(code -> out.println("admin enrollment code: " + code));
    out.println("listening on " + server.baseUrl());
    out.flush();
    awaitShutdown(server);
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

  private static void setLogLevel(String level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.valueOf(level));
    }
  }
}
