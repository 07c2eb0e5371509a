package dev.signet.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.gateway.config.GatewayConfig.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets (Bucket4j), one per key: in this process, or in Redis when the gateways share one,
 * so that several instances enforce one limit. Keys are built by the caller from verified
 * identities (or the peer address, for unauthenticated traffic) and carry the limit itself, so a
 * reload that changes a limit starts fresh buckets.
 */
final class RateLimiter {
  private final @Nullable Cache<String, Bucket> local;
  private final @Nullable ProxyManager<String> shared;

  private RateLimiter(@Nullable Cache<String, Bucket> local, @Nullable ProxyManager<String> shared) {
    this.local = local;
    this.shared = shared;
  }

  static RateLimiter inMemory() {
    return new RateLimiter(Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build(), null);
  }

  static RateLimiter redis(SharedRedis redis) {
    ProxyManager<String> manager = Bucket4jLettuce.casBasedBuilder(redis.connection())
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .requestTimeout(SharedRedis.COMMAND_TIMEOUT)
        .build();
    return new RateLimiter(null, manager);
  }

  /**
   * Takes one request from the bucket of {@code key}.
   *
   * @return 0 when allowed, else how many seconds until a request would be (at least 1)
   * @throws RuntimeException when the shared store cannot be reached (the caller answers 503)
   */
  long consume(String key, RateLimit limit) {
    String bucketKey = "signet:gw:rl:" + limit.requests() + "/" + limit.per().toMillis() + ":" + key;
    Function<String, BucketConfiguration> config = k -> BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(limit.requests()).refillGreedy(limit.requests(), limit.per()).build()).build();
    ConsumptionProbe probe;
    if (local != null) {
      probe = local.get(bucketKey, k -> Bucket.builder().addLimit(config.apply(k).getBandwidths()[0]).build()).tryConsumeAndReturnRemaining(1);
    } else {
      probe = java.util.Objects.requireNonNull(shared).builder().build(bucketKey, () -> config.apply(bucketKey)).tryConsumeAndReturnRemaining(1);
    }
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
  }
}
