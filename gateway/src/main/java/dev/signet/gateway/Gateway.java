package dev.signet.gateway;

import dev.signet.CryptoProviders;
import dev.signet.ReplayStore;
import dev.signet.gateway.config.ConfigException;
import dev.signet.gateway.config.ConfigReader;
import dev.signet.gateway.config.GatewayConfig;
import dev.signet.redis.RedisReplayStore;
import dev.signet.web.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Signet gateway (SPEC §5): the proxy listener, the optional management listener, and
 * the configuration it watches.
 *
 * {@snippet :
 * try (Gateway gateway = Gateway.start(Path.of("gateway.yaml"))) {
 *   System.out.println("listening on " + gateway.uri());
 *   gateway.awaitStop();
 * }
 * }
 *
 * <p><b>Reload.</b> On {@code SIGHUP}, on a change of the file (checked every second) and on
 * {@link #reload()}, the file is read and checked and new engines are built beside the running
 * ones, then swapped in; connections and requests in flight are untouched, and the old engines are
 * closed a minute later. A file that fails its checks is refused with one ERROR line and the old
 * configuration stays. Listeners ({@code listen}, {@code tls}, {@code management}), {@code redis}
 * and {@code public_url} are read at start only: a reload that changes them is refused.
 *
 * <p>Thread-safe. {@link #close()} stops the listeners and everything the gateway started.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration RETIRE_AFTER = Duration.ofMinutes(1);

  private final Path file;
  private final Server server;
  private final ServerConnector listener;
  private final @Nullable ServerConnector managementListener;
  private final GatewayHandler handler;
  private final ReverseProxy proxy;
  private final URI publicUrl;
  private final ReplayStore replay;
  private final MicrometerMetrics webMetrics;
  private final PrometheusMeterRegistry registry;
  private final @Nullable SharedRedis redis;
  private final @Nullable RedisReplayStore redisReplay;
  private final ScheduledExecutorService background;
  private final AtomicLong reloads = new AtomicLong();
  private final Clock clock = Clock.systemUTC();
  // ACCP where it loads (as the server's crypto-provider auto): RS256 checks several times faster than the JDK's
  private final @Nullable Provider provider = CryptoProviders.select(CryptoProviders.Choice.AUTO).orElse(null);
  private volatile byte[] loaded;

  private Gateway(Path file, GatewayConfig config, byte[] loaded, Duration watchEvery) throws Exception {
    this.file = file;
    this.loaded = loaded;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    this.webMetrics = new MicrometerMetrics(registry);
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("gateway");
    this.server = new Server(threads);
    this.listener = connector(server, config.listen(), config.tls());
    listener.setName("proxy");
    this.managementListener = config.management() == null ? null : connector(server, config.management(), null);
    try {
      listener.open();
      this.publicUrl = config.publicUrl() != null ? config.publicUrl()
          : URI.create((config.tls() != null ? "https" : "http") + "://" + new GatewayConfig.HostPort(config.listen().host(), listener.getLocalPort()));
      this.redis = config.redis() == null ? null : new SharedRedis(config.redis());
      // DPoP proof jtis and request-token nonces: one SET NX PX per proof in Redis, so that a proof used at one
      // gateway is refused at every other (signet-redis, on a connection of its own)
      this.redisReplay = config.redis() == null ? null : RedisReplayStore.create(config.redis(), "signet:gw:jti:", clock,
          RedisReplayStore.EXPIRY_MARGIN);
      this.replay = redisReplay != null ? redisReplay : ReplayStore.inMemory(200_000, clock);
      RateLimiter limiter = redis != null ? RateLimiter.redis(redis) : RateLimiter.inMemory();
      this.proxy = new ReverseProxy(config.upstream(), registry);
      this.handler = new GatewayHandler(build(config), proxy, limiter, registry);
      ServerConnector management = managementListener;
      Management metrics = new Management(registry);
      server.setHandler(management == null ? handler : new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
          return request.getConnectionMetaData().getConnector() == management ? metrics.handle(request, response, callback)
              : handler.handle(request, response, callback);
        }

        @Override
        protected void doStart() throws Exception {
          handler.setServer(getServer());
          handler.start();
          super.doStart();
        }

        @Override
        protected void doStop() throws Exception {
          super.doStop();
          handler.stop();
        }
      });
      // Jetty's own refusals (malformed requests, h2c upgrades, overlong headers) in the gateway's form, not HTML
      server.setErrorHandler((Request.Handler) (request, response, callback) -> {
        int status = request.getAttribute(org.eclipse.jetty.server.handler.ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        status = status < 400 ? 500 : status;
        Responses.error(response, callback, status, status >= 500 ? "server_error" : "invalid_request");
        return true;
      });
      Slf4jRequestLogWriter accessLog = new Slf4jRequestLogWriter();
      accessLog.setLoggerName("signet.gateway.access");
      Logger access = LoggerFactory.getLogger("signet.gateway.access");
      server.setRequestLog(new CustomRequestLog(accessLog, CustomRequestLog.NCSA_FORMAT + " %{ms}Tms") {
        @Override
        public void log(Request request, Response response) {
          if (access.isInfoEnabled()) { // Jetty formats the line before its writer looks at the level
            super.log(request, response);
          }
        }
      });
      server.setStopTimeout(10_000);
      server.start();
    } catch (Exception | Error e) {
      server.stop();
      throw e;
    }
    this.background = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("gateway-reload").unstarted(r));
    long every = watchEvery.toMillis();
    var unusedWatch = background.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    if (config.publicUrl() == null && (config.listen().host().equals("0.0.0.0") || config.listen().host().equals("::"))) {
      log.warn("listen {} is a wildcard address and public_url is not set: DPoP proofs and request tokens are judged against {}, "
          + "which no client addresses; set public_url", config.listen(), publicUrl);
    }
    log.info("gateway listening on {} (public URL {}), {} routes, management {}, crypto provider {}", uri(), publicUrl,
        config.routes().size(), managementUri() == null ? "off" : managementUri(), CryptoProviders.describe(Optional.ofNullable(provider)));
  }

  /**
   * Reads, checks and serves the configuration in {@code file}, watching it for changes.
   *
   * @throws ConfigException naming the field when the configuration cannot be used
   * @throws IllegalStateException when a listener cannot be opened
   */
  public static Gateway start(Path file) {
    return start(file, Duration.ofSeconds(1));
  }

  /** As {@link #start(Path)}, checking the file for changes every {@code watchEvery}. */
  public static Gateway start(Path file, Duration watchEvery) {
    Objects.requireNonNull(file, "file");
    byte[] bytes = read(file);
    GatewayConfig config = ConfigReader.read(file);
    try {
      return new Gateway(file, config, bytes, watchEvery);
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the gateway cannot start: " + e.getMessage(), e);
    }
  }

  private Generation build(GatewayConfig config) {
    try {
      return Generation.build(config, publicUrl, replay, webMetrics, registry, clock, provider);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  private static ServerConnector connector(Server server, GatewayConfig.HostPort at, GatewayConfig.@Nullable Tls tls) {
    HttpConfiguration http = new HttpConfiguration();
    // no per-connection header cache: each new token's Authorization field was added to it, and a full cache is
    // cleared (ArrayTrie.clear, an Arrays.fill of its tables), a quarter of the CPU with a token per request
    http.setHeaderCacheSize(0);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector;
    if (tls == null) {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    } else {
      http.addCustomizer(new SecureRequestCustomizer(false));
      connector = new ServerConnector(server, new SslConnectionFactory(Tls.contextFactory(tls.cert(), tls.key()), "http/1.1"),
          new HttpConnectionFactory(http));
    }
    connector.setHost(at.host());
    connector.setPort(at.port());
    connector.setIdleTimeout(60_000);
    server.addConnector(connector);
    return connector;
  }

  /** The proxy listener's base URL ({@code http://127.0.0.1:8081}), with the port it got. */
  public URI uri() {
    return URI.create((listener.getDefaultConnectionFactory() instanceof SslConnectionFactory ? "https" : "http") + "://"
        + new GatewayConfig.HostPort(listener.getHost(), listener.getLocalPort()));
  }

  /** The management listener's base URL, or null when there is none. */
  public @Nullable URI managementUri() {
    ServerConnector m = managementListener;
    return m == null ? null : URI.create("http://" + new GatewayConfig.HostPort(m.getHost(), m.getLocalPort()));
  }

  /** How many reloads were applied since start. */
  public long reloads() {
    return reloads.get();
  }

  /**
   * Reads the file again and, if it passes its checks, serves it from now on.
   *
   * @return whether the new configuration was applied (a refusal is logged with its reason)
   */
  public synchronized boolean reload() {
    byte[] bytes;
    Generation next;
    try {
      bytes = read(file);
      GatewayConfig config = ConfigReader.read(file);
      GatewayConfig running = handler.generation().config();
      if (!Objects.equals(config.listen(), running.listen()) || !Objects.equals(config.tls(), running.tls())
          || !Objects.equals(config.management(), running.management()) || !Objects.equals(config.redis(), running.redis())
          || !Objects.equals(config.publicUrl(), running.publicUrl())) {
        throw new ConfigException("listen, tls, management, redis and public_url are read at start only; restart to change them");
      }
      next = build(config);
      proxy.idleTimeout(config.upstream().idleTimeout());
    } catch (ConfigException e) {
      log.error("configuration {} refused, the running one stays: {}", file, e.getMessage());
      return false;
    }
    loaded = bytes;
    Generation old = handler.swap(next);
    var unusedRetire = background.schedule(old::close, RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    reloads.incrementAndGet();
    log.info("configuration {} reloaded: {} routes", file, next.config().routes().size());
    return true;
  }

  private void reloadIfChanged() {
    try {
      if (!Arrays.equals(read(file), loaded)) {
        reload();
      }
    } catch (ConfigException e) {
      log.debug("configuration file unreadable: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.error("configuration watch failed", e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reloads on {@code SIGHUP} from now on (the command does this). One gateway per JVM: the
   * handler replaces any earlier one.
   *
   * @return whether the handler could be installed (the JDK's {@code sun.misc.Signal} is there and the signal free)
   */
  public boolean reloadOnHangup() {
    return Signals.onHangup(this::reload);
  }

  /** Blocks until the gateway is closed. */
  public void awaitStop() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the listeners failed: {}", e.toString());
    }
    handler.generation().close();
    if (redisReplay != null) {
      redisReplay.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  public String toString() {
    return "Gateway[" + uri() + ", " + file + "]";
  }
}
