package dev.signet.server.http;

import dev.signet.server.metrics.ServerMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Health and metrics, split by who may read them:
 * <ul>
 *   <li>public listener: {@code GET /healthz} (the process answers) and {@code GET /readyz}
 *       (every dependency answers) with its status only, {@code {"status":"ready"}} or 503
 *       {@code {"status":"unavailable"}}: enough for a load balancer, nothing about the inside;
 *   <li>management listener: the same two, {@code /readyz} naming each check ({@code database},
 *       {@code redis} when configured), and {@code GET /metrics} (Prometheus text format), whose
 *       rejection counts by reason must not be readable by the callers they describe.
 * </ul>
 */
public final class HealthRoutes {
  private final Map<String, BooleanSupplier> dependencies;
  private final ServerMetrics metrics;

  /** {@code dependencies} by name, each answering quickly whether it is reachable. */
  public HealthRoutes(Map<String, BooleanSupplier> dependencies, ServerMetrics metrics) {
    this.dependencies = new TreeMap<>(dependencies);
    this.metrics = metrics;
  }

  void registerPublic(JavalinConfig config) {
    config.routes.get("/healthz", HealthRoutes::live);
    config.routes.get("/readyz", ctx -> ready(ctx, false));
  }

  void registerManagement(JavalinConfig config) {
    config.routes.get("/healthz", HealthRoutes::live);
    config.routes.get("/readyz", ctx -> ready(ctx, true));
    config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static void live(Context ctx) {
    ctx.contentType("application/json").result(OK); // constant: no JSON mapper per request
  }

  private void ready(Context ctx, boolean detail) {
    Map<String, String> checks = new LinkedHashMap<>();
    boolean allUp = true;
    for (var e : dependencies.entrySet()) {
      boolean up = check(e.getValue());
      allUp &= up;
      checks.put(e.getKey(), up ? "up" : "down");
    }
    Map<String, Object> body = new LinkedHashMap<>(); // status first, on every run
    body.put("status", allUp ? "ready" : "unavailable");
    if (detail) {
      body.put("checks", checks);
    }
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
