package dev.signet.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The management listener's answers: {@code /metrics} (Prometheus text: requests by route and
 * status, rejections by reason, upstream latency, rate-limit refusals, background JWKS fetches, JVM) and {@code /healthz}.
 * Only on the management connector, which is loopback unless configured otherwise: the rejection
 * reasons are exactly what the proxy's responses keep to themselves.
 */
final class Management extends Handler.Abstract {
  private final PrometheusMeterRegistry registry;

  Management(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (path.equals("/metrics")) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      Content.Sink.write(response, true, registry.scrape(), callback);
    } else if (path.equals("/healthz") || path.equals("/readyz")) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, "{\"status\":\"ok\"}", callback);
    } else {
      Responses.error(response, callback, 404, "not_found");
    }
    return true;
  }
}
