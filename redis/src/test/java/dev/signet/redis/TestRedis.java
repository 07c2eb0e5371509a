package dev.signet.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Redis for tests: {@code SIGNET_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}) when set,
 * else an embedded {@code redis-server} (from Maven Central) this JVM starts once on a free
 * loopback port. Tests share the server, so each uses its own {@link #freshPrefix()} for keys and
 * never flushes. Without Redis a test is skipped, except under {@code CI=true}, where it fails.
 * Published in this module's test-jar for the server's and the gateway's tests.
 */
public final class TestRedis {
  public static final String REDIS_URL_VARIABLE = "SIGNET_TEST_REDIS_URL";
  private static @Nullable String embeddedUrl;

  private TestRedis() {}

  /** The URL of the Redis tests use. */
  public static synchronized String url() {
    String url = System.getenv(REDIS_URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (embeddedUrl == null) {
      try {
        RedisProcess redis = RedisProcess.start(freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "signet-test-redis-stop"));
        embeddedUrl = redis.url();
      } catch (RuntimeException e) {
        throw unavailable("no Redis for tests: set " + REDIS_URL_VARIABLE + " or let the tests start one", e);
      }
    }
    return embeddedUrl;
  }

  /** A key prefix no other test uses: {@code signet-test:<random>:}. */
  public static String freshPrefix() {
    return "signet-test:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ":";
  }

  /** A loopback TCP port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails (CI=true: tests never skip) or aborts the test as skipped, naming what is missing. */
  private static RuntimeException unavailable(String message, Throwable cause) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(message + " (CI=true: tests never skip)", cause);
    }
    LoggerFactory.getLogger(TestRedis.class).warn("SKIPPED (set CI=true to fail instead): {}: {}", message, cause.toString());
    Assumptions.abort(message + ": " + cause);
    throw new AssertionError("unreachable");
  }

  /** An embedded {@code redis-server} of its own, on loopback, that a test starts and stops (by its process). */
  public static final class RedisProcess {
    private final RedisServer server;
    private final int port;

    private RedisProcess(RedisServer server, int port) {
      this.server = server;
      this.port = port;
    }

    /** Starts a server without persistence on {@code 127.0.0.1:port}. */
    public static RedisProcess start(int port) {
      try {
        RedisServer server = RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        server.start();
        return new RedisProcess(server, port);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start redis-server on port " + port, e);
      }
    }

    public String url() {
      return "redis://127.0.0.1:" + port;
    }

    public int port() {
      return port;
    }

    /** Stops this server's process (and only it). */
    public void stop() {
      try {
        server.stop();
      } catch (IOException e) {
        throw new IllegalStateException("cannot stop redis-server on port " + port, e);
      }
    }
  }
}
