package dev.signet.gateway.registry;

import java.time.Clock;

/**
 * A token bucket of registry look-ups: {@code perMinute} at most, refilled evenly (one every
 * {@code 60 s / perMinute}), holding at most {@code perMinute}. Thread-safe.
 */
final class FetchBudget {
  private final int perMinute;
  private final Clock clock;
  private final double perMilli;
  private double tokens;
  private long lastMillis;

  FetchBudget(int perMinute, Clock clock) {
    if (perMinute < 1 || perMinute > 600) {
      throw new IllegalArgumentException("maxFetchesPerMinute must be 1 to 600: " + perMinute);
    }
    this.perMinute = perMinute;
    this.clock = clock;
    this.perMilli = perMinute / 60_000.0;
    this.tokens = perMinute;
    this.lastMillis = clock.millis();
  }

  int perMinute() {
    return perMinute;
  }

  /** Takes one look-up from the budget, or says there is none left now. */
  synchronized boolean tryTake() {
    long now = clock.millis();
    if (now > lastMillis) {
      tokens = Math.min(perMinute, tokens + (now - lastMillis) * perMilli);
      lastMillis = now;
    }
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
