package dev.signet.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link WebMetrics} as Micrometer meters, named as Signet's server names them:
 * {@code signet.auth.accepted} (tag {@code method}), {@code signet.auth.rejections} (tag
 * {@code reason}), the timer {@code signet.auth.verify}, and {@code signet.auth.cache} (tag
 * {@code result}: {@code hit} or {@code miss}). Micrometer is an optional dependency: only this
 * class needs it.
 *
 * <p>Expose the registry where unauthenticated callers cannot read it (a management port), since
 * the rejection reasons are exactly what the responses keep to themselves.
 */
public final class MicrometerMetrics implements WebMetrics {
  private final MeterRegistry registry;
  private final Timer verify;
  private final Counter hits;
  private final Counter misses;

  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.verify = Timer.builder("signet.auth.verify").description("time to verify a request or access token")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    this.hits = Counter.builder("signet.auth.cache").description("bearer tokens looked up in the verified-token cache")
        .tag("result", "hit").register(registry);
    this.misses = Counter.builder("signet.auth.cache").description("bearer tokens looked up in the verified-token cache")
        .tag("result", "miss").register(registry);
  }

  @Override
  public void accepted(String method) {
    registry.counter("signet.auth.accepted", "method", method).increment();
  }

  @Override
  public void rejected(String reason) {
    Counter.builder("signet.auth.rejections").description("tokens refused, by reason").tag("reason", reason)
        .register(registry).increment();
  }

  @Override
  public void verified(Duration elapsed) {
    verify.record(elapsed);
  }

  @Override
  public void cache(boolean hit) {
    (hit ? hits : misses).increment();
  }

  @Override
  public String toString() {
    return "MicrometerMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}
