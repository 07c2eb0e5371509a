package dev.signet.server.http;

import dev.signet.server.metrics.ServerMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz} (the process answers), {@code GET /readyz} (every dependency answers:
 * database, Redis when configured) and {@code GET /metrics} (Prometheus text format).
 */
public final class HealthRoutes {
  private final Map<String, BooleanSupplier> dependencies;
  private final ServerMetrics metrics;

  /** {@code dependencies} by name, each answering quickly whether it is reachable. */
  public HealthRoutes(Map<String, BooleanSupplier> dependencies, ServerMetrics metrics) {
    this.dependencies = Map.copyOf(dependencies);
    this.metrics = metrics;
  }

  public void register(JavalinConfig config) {
    config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    config.routes.get("/readyz", this::ready);
    config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  private void ready(Context ctx) {
    Map<String, String> checks = new LinkedHashMap<>();
    boolean allUp = true;
    for (var e : new java.util.TreeMap<>(dependencies).entrySet()) {
      boolean up = check(e.getValue());
      allUp &= up;
      checks.put(e.getKey(), up ? "up" : "down");
    }
    Map<String, Object> body = new LinkedHashMap<>(); // status first, on every run
    body.put("status", allUp ? "ready" : "unavailable");
    body.put("checks", checks);
    ctx.status(allUp ? 200 : 503).json(body);
  }

  private static boolean check(BooleanSupplier dependency) {
    try {
      return dependency.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
