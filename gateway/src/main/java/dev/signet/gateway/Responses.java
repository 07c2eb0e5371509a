package dev.signet.gateway;

import dev.signet.web.Decision;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The gateway's own answers: a status, {@code {"error":"…"}} and headers; never a detail (the log has it). */
final class Responses {
  private Responses() {}

  static void error(Response response, Callback callback, int status, String error, String... headerPairs) {
    response.setStatus(status);
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      response.getHeaders().add(headerPairs[i], headerPairs[i + 1]);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, "{\"error\":\"" + error + "\"}", callback);
  }

  static void refused(Response response, Callback callback, Decision.Refused refused) {
    response.setStatus(refused.status());
    for (Decision.Header h : refused.headers()) {
      response.getHeaders().add(h.name(), h.value());
    }
    Content.Sink.write(response, true, refused.body(), callback);
  }
}
