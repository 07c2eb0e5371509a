package dev.signet.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock that stands still until a test moves it. Thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  private MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at {@code start}. */
  public static MutableClock at(Instant start) {
    return new MutableClock(start);
  }

  /** A clock at the current second of the system clock. */
  public static MutableClock now() {
    return new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  public MutableClock advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
    return this;
  }

  public MutableClock set(Instant instant) {
    now.set(instant);
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("MutableClock is always UTC");
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "]";
  }
}
