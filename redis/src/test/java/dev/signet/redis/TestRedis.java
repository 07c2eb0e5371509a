package dev.signet.server.testing;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * Redis for tests: {@code SIGNET_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}) when set,
 * else an embedded {@code redis-server} (from Maven Central) this JVM starts once on a free
 * loopback port. Tests share the server, so each uses its own {@link #freshPrefix()} for keys and
 * never flushes. Without Redis a test is skipped, except under {@code CI=true}, where it fails.
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
        RedisProcess redis = RedisProcess.start(FreePort.pick());
        Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "signet-test-redis-stop"));
        embeddedUrl = redis.url();
      } catch (RuntimeException e) {
        throw Ci.unavailable("no Redis for tests: set " + REDIS_URL_VARIABLE + " or let the tests start one", e);
      }
    }
    return embeddedUrl;
  }

  /** A key prefix no other test uses: {@code signet-test:<random>:}. */
  public static String freshPrefix() {
    return "signet-test:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ":";
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
