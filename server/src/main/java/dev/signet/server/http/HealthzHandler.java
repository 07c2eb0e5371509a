package dev.signet.server.http;

import dev.signet.server.metrics.ServerMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /healthz} answered by a Jetty core handler in front of Javalin, with the same answer
 * as {@link HealthRoutes}' route (200 {@code {"status":"ok"}}, {@code X-Request-Id}, counted in
 * {@code signet.http.requests}): a load balancer polls it, and Javalin's servlet pipeline (servlet
 * request and context objects, before and after handlers, routing) cost more than half of its
 * time. Any other request, {@code HEAD /healthz} included, goes on to Javalin.
 */
final class HealthzHandler extends Handler.Wrapper {
  private static final String PATH = "/healthz";
  private static final ByteBuffer OK = ByteBuffer.wrap("{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

  private final ServerMetrics metrics;

  HealthzHandler(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!PATH.equals(request.getHttpURI().getPath()) || !HttpMethod.GET.is(request.getMethod())) {
      return super.handle(request, response, callback);
    }
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.put(RequestIds.HEADER, RequestIds.saneOrNew(request.getHeaders().get(RequestIds.HEADER)));
    response.setStatus(200);
    metrics.request("GET", PATH, 200);
    response.write(true, OK.slice(), callback);
    return true;
  }
}
