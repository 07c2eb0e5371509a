package dev.signet.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.signet.ReplayStore;
import dev.signet.ReplayStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Nonces in a Caffeine cache, each expiring just after the last instant its token can be accepted.
 *
 * <p>Bounded without forgetting: Caffeine's size eviction would drop live nonces and reopen them
 * to replay, so the size is checked before each insert and a full store refuses (fails closed).
 * Time comes from the verifier's {@link Clock} so tests can move it.
 */
public final class InMemoryReplayStore implements ReplayStore {
  private final Cache<String, Instant> seen;
  private final long maxEntries;
  private final Clock clock;

  public InMemoryReplayStore(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.seen =
        Caffeine.newBuilder()
            .executor(Runnable::run) // maintenance on the caller: no hand-off to the common pool per write
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfter(Expiry.<String, Instant>creating((key, expiresAt) -> remaining(expiresAt)))
            .build();
  }

  /**
   * Until just after {@code expiresAt}: Caffeine drops an entry at the instant its duration ends,
   * but the token is still accepted at {@code expiresAt} itself, so the nonce must outlive it by
   * the clock's resolution (one millisecond).
   */
  private java.time.Duration remaining(Instant expiresAt) {
    long millis = Math.max(1, expiresAt.toEpochMilli() + 1 - clock.millis());
    return java.time.Duration.ofMillis(millis);
  }

  @Override
  public boolean firstUse(String principal, String nonce, Instant expiresAt) {
    if (seen.estimatedSize() >= maxEntries) {
      seen.cleanUp();
      if (seen.estimatedSize() >= maxEntries) {
        throw new ReplayStoreException(
            "in-memory replay store is full (" + maxEntries + " live nonces); refusing rather than forgetting");
      }
    }
    String key = principal.length() + ":" + principal + nonce;
    return seen.asMap().putIfAbsent(key, expiresAt) == null;
  }

  @Override
  public String toString() {
    return "InMemoryReplayStore[max=" + maxEntries + "]";
  }
}
