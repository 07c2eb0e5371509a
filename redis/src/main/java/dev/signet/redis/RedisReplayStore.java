package dev.signet.redis;

import dev.signet.ReplayStore;
import dev.signet.ReplayStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReplayStore} in Redis, shared by every server instance that points at it. A nonce is
 * recorded with one atomic {@code SET <prefix><principal>:<sha256(nonce)> 1 NX PX <ttl>}: the first
 * caller gets {@code OK} (first use), every later one {@code nil} (replay), and Redis forgets the
 * key once the token could no longer be accepted anyway.
 *
 * <p><b>Clocks.</b> The time to live is relative ({@code PX}, not {@code PXAT}): {@code expiresAt}
 * minus now by this instance's clock, plus {@link #EXPIRY_MARGIN} (10 s). So Redis' own clock plays
 * no part, and another instance whose clock runs up to 10 s behind this one, and so accepts the
 * token a little longer, still finds the nonce. Keep the instances' clocks within that (NTP), as
 * for JWTs in general. An {@code expiresAt} already past records nothing and counts as a first
 * use: the verifier never asks about a token that has expired.
 *
 * <p><b>Failure.</b> Commands time out after {@link #COMMAND_TIMEOUT} (1 s), and while the
 * connection is down they are refused at once; either way {@link #firstUse} throws {@link
 * ReplayStoreException} and the caller fails closed (503). The connection is opened on first use
 * and re-opened by Lettuce in the background (backoff capped at 1 s), so the store recovers by
 * itself when Redis is back. {@link #ready()} is the readiness check.
 *
 * <p>Thread-safe; one multiplexed connection serves all threads.
 */
public final class RedisReplayStore implements ReplayStore, AutoCloseable {
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  public static final String DEFAULT_PREFIX = "signet:nonce:";
  /** How much longer than {@code expiresAt} a nonce is kept: the clock difference between instances tolerated. */
  public static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
  private static final Duration RETRY_CONNECT_AFTER = Duration.ofMillis(500);
  private static final Logger log = LoggerFactory.getLogger(RedisReplayStore.class);

  private final ClientResources resources;
  private final RedisClient client;
  private final String prefix;
  private final Clock clock;
  private final Duration margin;
  private final String description;
  private final Object connecting = new Object();
  private volatile @Nullable StatefulRedisConnection<String, String> connection;
  private volatile long lastFailedConnect; // System.nanoTime() of the last failed attempt, or 0

  private RedisReplayStore(RedisURI uri, String prefix, Clock clock, Duration margin) {
    this.prefix = prefix;
    this.clock = clock;
    this.margin = margin;
    this.description = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    this.resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
        .build());
  }

  /**
   * A store for {@code redisUrl} ({@code redis://[:password@]host:port[/db]} or {@code rediss://…})
   * whose keys start with {@code prefix}. Does not connect yet, so a server can start while Redis
   * is down (and is not ready until it answers).
   *
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static RedisReplayStore create(String redisUrl, String prefix) {
    return create(redisUrl, prefix, Clock.systemUTC(), EXPIRY_MARGIN);
  }

  /**
   * A store whose nonces live until {@code expiresAt} by {@code clock}, plus {@code margin}.
   *
   * @throws IllegalArgumentException if the URL is malformed or the margin negative
   */
  public static RedisReplayStore create(String redisUrl, String prefix, Clock clock, Duration margin) {
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(clock, "clock");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin must not be negative: " + margin);
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUrl);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL (expected redis://host:port): " + e.getMessage(), e);
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    return new RedisReplayStore(uri, prefix, clock, margin);
  }

  /** A store for {@code redisUrl} with keys under {@value #DEFAULT_PREFIX}. */
  public static RedisReplayStore create(String redisUrl) {
    return create(redisUrl, DEFAULT_PREFIX);
  }

  @Override
  public boolean firstUse(String principal, String nonce, Instant expiresAt) {
    long millisLeft = Duration.between(clock.instant(), expiresAt).toMillis();
    if (millisLeft <= 0) {
      return true;
    }
    String key = prefix + principal + ":" + digest(nonce);
    try {
      String reply = connection().sync().set(key, "1", SetArgs.Builder.nx().px(millisLeft + margin.toMillis()));
      return "OK".equals(reply);
    } catch (RedisException e) {
      throw new ReplayStoreException("Redis " + description + " did not record the nonce: " + e.getMessage(), e);
    }
  }

  /**
   * Marks an access token's {@code jti} revoked until {@code expiresAt} (plus the margin), for every
   * instance at once. The key ({@code <prefix>#revoked:<sha256(jti)>}) cannot meet a nonce's: names
   * of principals have no {@code #}.
   *
   * @throws ReplayStoreException if Redis does not record it
   */
  public void revoke(String jti, Instant expiresAt) {
    long millisLeft = Duration.between(clock.instant(), expiresAt).toMillis();
    if (millisLeft <= 0) {
      return;
    }
    try {
      connection().sync().set(revokedKey(jti), "1", SetArgs.Builder.px(millisLeft + margin.toMillis()));
    } catch (RedisException e) {
      throw new ReplayStoreException("Redis " + description + " did not record the revocation: " + e.getMessage(), e);
    }
  }

  /** Whether {@link #revoke} marked {@code jti}. @throws ReplayStoreException if Redis does not answer */
  public boolean isRevoked(String jti) {
    try {
      return connection().sync().exists(revokedKey(jti)) > 0;
    } catch (RedisException e) {
      throw new ReplayStoreException("Redis " + description + " did not answer about a revocation: " + e.getMessage(), e);
    }
  }

  private String revokedKey(String jti) {
    return prefix + "#revoked:" + digest(jti);
  }

  /** Whether Redis answers {@code PING} within the command timeout. */
  public boolean ready() {
    try {
      return "PONG".equals(connection().sync().ping());
    } catch (RedisException | ReplayStoreException e) {
      log.debug("redis not ready: {}", e.getMessage());
      return false;
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return c;
    }
    synchronized (connecting) {
      if (connection == null) {
        long failed = lastFailedConnect;
        if (failed != 0 && System.nanoTime() - failed < RETRY_CONNECT_AFTER.toNanos()) {
          throw new ReplayStoreException("Redis " + description + " is unreachable (last attempt failed just now)");
        }
        try {
          connection = client.connect();
          lastFailedConnect = 0;
          log.info("connected to Redis {}", description);
        } catch (RedisException e) {
          lastFailedConnect = System.nanoTime();
          throw new ReplayStoreException("Redis " + description + " is unreachable: " + e.getMessage(), e);
        }
      }
      return Objects.requireNonNull(connection);
    }
  }

  private static String digest(String nonce) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(nonce.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Netty's threads are daemons: nothing is lost if they take longer to wind down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RedisReplayStore[" + description + ", prefix=" + prefix + "]";
  }
}
