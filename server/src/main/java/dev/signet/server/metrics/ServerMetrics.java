package dev.signet.server.metrics;

import dev.signet.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's metrics in Prometheus form: requests by route and status, authentications by
 * method, rejections by reason, and the latency of token verification.
 */
public final class ServerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);
  private final Timer verifyLatency;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  // meters by their tags, looked up once: the registry's own lookup sorts and copies the tags each time
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> accepted = new ConcurrentHashMap<>();

  private record RequestKey(String method, String route, int status) {}

  public ServerMetrics() {
    for (Rejection r : Rejection.values()) {
      rejections.put(r, Counter.builder("signet.auth.rejections").description("tokens refused, by reason")
          .tag("reason", r.name()).register(registry));
    }
    verifyLatency = Timer.builder("signet.auth.verify").description("time to verify a request or access token")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** Adds another component's meters (the audit log's). */
  public void bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
    binder.bindTo(registry);
  }

  /** Counts a request; {@code route} is a route's path pattern (or "unmatched"), so the meters stay few. */
  public void request(String method, String route, int status) {
    requests.computeIfAbsent(new RequestKey(method, route, status), k -> registry.counter("signet.http.requests",
        "method", k.method(), "route", k.route(), "status", Integer.toString(k.status()))).increment();
  }

  public void accepted(String method) {
    accepted.computeIfAbsent(method, m -> registry.counter("signet.auth.accepted", "method", m)).increment();
  }

  public void rejected(Rejection reason) {
    Counter counter = rejections.get(reason);
    if (counter != null) { // every reason has one
      counter.increment();
    }
  }

  public void verified(long nanos) {
    verifyLatency.record(Duration.ofNanos(nanos));
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
