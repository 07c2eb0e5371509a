package dev.signet.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A cached answer that is fresh for a time to live and, once a refresh has failed, served stale
 * for a bounded time more while one caller at a time tries again: the server's cache of principals'
 * keys (database down) and the gateway's cache of registry answers (registry down). Thread-safe.
 *
 * @param <T> the answer
 */
public final class StaleIfError<T> {
  private final T value;
  private final Instant freshUntil;
  private final Instant servableUntil;
  private final AtomicReference<@Nullable Instant> retryAt = new AtomicReference<>();

  /**
   * @param loadedAt when {@code value} was read
   * @param ttl how long it is fresh
   * @param staleIfError how long past {@code ttl} it may be served while refreshes fail
   */
  public StaleIfError(T value, Instant loadedAt, Duration ttl, Duration staleIfError) {
    this.value = Objects.requireNonNull(value, "value");
    this.freshUntil = loadedAt.plus(ttl);
    this.servableUntil = freshUntil.plus(staleIfError);
  }

  public T value() {
    return value;
  }

  public boolean freshAt(Instant now) {
    return now.isBefore(freshUntil);
  }

  /** Whether it may still be served when a refresh fails: up to {@code staleIfError} past the ttl. */
  public boolean servableAt(Instant now) {
    return now.isBefore(servableUntil);
  }

  /** Whether a refresh of it failed: it is being served stale. */
  public boolean failing() {
    return retryAt.get() != null;
  }

  /** After a refresh failed: serve this answer, and try again after {@code interval}. */
  public void failedAt(Instant now, Duration interval) {
    retryAt.set(now.plus(interval));
  }

  /** Whether the caller is the one to refresh now (then the next try is due after {@code interval}); the others serve this answer. */
  public boolean claimRetry(Instant now, Duration interval) {
    Instant due = retryAt.get();
    return due != null && !now.isBefore(due) && retryAt.compareAndSet(due, now.plus(interval));
  }
}
