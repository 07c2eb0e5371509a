package dev.signet.gateway;

import dev.signet.ReplayStore;
import dev.signet.ReplayStoreException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * DPoP proof {@code jti}s (and request-token nonces) remembered in Redis, so that a proof replayed
 * to another gateway is refused too: one atomic {@code SET key 1 NX PX ttl} per proof. The server's
 * {@code RedisReplayStore} does the same on its own connection; this one shares the gateway's
 * (see DEVELOPERS.md). Fails closed: an unreachable Redis is a {@link ReplayStoreException} (503).
 */
final class RedisJtis implements ReplayStore {
  private static final byte[] ONE = {'1'};
  private static final Duration MARGIN = Duration.ofSeconds(10);

  private final SharedRedis redis;
  private final Clock clock;

  RedisJtis(SharedRedis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public boolean firstUse(String principal, String nonce, Instant expiresAt) {
    long millisLeft = Duration.between(clock.instant(), expiresAt).toMillis();
    if (millisLeft <= 0) {
      return true;
    }
    String key = "signet:gw:jti:" + digest(principal + "\n" + nonce);
    try {
      return "OK".equals(redis.connection().sync().set(key, ONE, SetArgs.Builder.nx().px(millisLeft + MARGIN.toMillis())));
    } catch (RedisException e) {
      throw new ReplayStoreException(redis + " did not record the proof's jti: " + e.getMessage(), e);
    }
  }

  private static String digest(String text) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "RedisJtis[" + redis + "]";
  }
}
