package dev.signet.server.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code last_used_at} of registered keys roughly current without a database write per
 * request: a key's use is noted at most once per {@code resolution} (default one minute), and the
 * notes are written in one batch every few seconds by a background thread. {@link #close} writes
 * what is pending. So {@code last_used_at} lags the truth by at most resolution + flush interval.
 *
 * <p>Thread-safe; {@link #recordUse} never blocks on the database.
 */
public final class KeyUsage implements AutoCloseable {
  public static final Duration DEFAULT_RESOLUTION = Duration.ofMinutes(1);
  private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(KeyUsage.class);

  /** A key of a principal. */
  record KeyRef(String principal, String kid) {}

  private final Database database;
  private final Clock clock;
  private final Cache<KeyRef, Boolean> recent;
  private final Map<KeyRef, Instant> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;

  public KeyUsage(Database database, Clock clock) {
    this(database, clock, DEFAULT_RESOLUTION);
  }

  public KeyUsage(Database database, Clock clock, Duration resolution) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recent = Caffeine.newBuilder()
        .expireAfterWrite(resolution)
        .maximumSize(100_000)
        .ticker(() -> { // the clock's time, so that tests can move it; a jump back only delays a note
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .build();
    this.flusher = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("signet-key-usage").daemon().factory());
    var unused = flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Notes that {@code kid} of {@code principal} just verified a request. */
  public void recordUse(String principal, String kid) {
    KeyRef key = new KeyRef(principal, kid);
    if (recent.getIfPresent(key) != null) {
      return; // noted within the resolution: the common case, a read instead of a write to the cache
    }
    if (recent.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
      pending.put(key, Jdbc.now(clock));
    }
  }

  /** Writes the pending notes now. @throws dev.signet.server.storage.DatabaseUnavailableException */
  public void flush() {
    Map<KeyRef, Instant> batch = new HashMap<>();
    for (KeyRef key : List.copyOf(pending.keySet())) {
      Instant at = pending.remove(key);
      if (at != null) {
        batch.put(key, at);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      database.executeInBackground(c -> {
        KeyRows.touch(c, batch);
      });
    } catch (RuntimeException e) {
      batch.forEach(pending::putIfAbsent); // try again next time
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("could not record key use ({} keys pending): {}", pending.size(), dev.signet.server.audit.SafeText.escape(e.getMessage()));
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
