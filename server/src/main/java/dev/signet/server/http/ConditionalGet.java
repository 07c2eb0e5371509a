package dev.signet.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.MethodNotAllowedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;

/**
 * Answers to GETs of public, cacheable documents (the JWKS, the metadata): {@code Cache-Control:
 * public, max-age=…}, a strong {@code ETag}, and 304 Not Modified when {@code If-None-Match}
 * names it (RFC 9110 §13.1.2: {@code *}, or a list of entity tags compared weakly, so
 * {@code W/"x"} matches {@code "x"}). The header is scanned once, left to right, without a regex;
 * Jetty bounds its size first ({@code --max-header-size}).
 */
final class ConditionalGet {
  private ConditionalGet() {}

  /**
   * Serves {@code handler} for GET and HEAD at {@code path}, and answers the other methods 405
   * with {@code Allow: GET, HEAD} (RFC 9110 §15.5.6).
   */
  static void route(JavalinConfig config, String path, Handler handler) {
    config.routes.get(path, handler);
    config.routes.head(path, handler);
    Handler refuse = ctx -> {
      ctx.header("Allow", "GET, HEAD");
      throw new MethodNotAllowedResponse();
    };
    config.routes.post(path, refuse);
    config.routes.put(path, refuse);
    config.routes.patch(path, refuse);
    config.routes.delete(path, refuse);
  }

  static void respond(Context ctx, String etag, Duration maxAge, String contentType, String body) {
    ctx.header("Cache-Control", "public, max-age=" + maxAge.toSeconds());
    ctx.header("ETag", etag);
    if (matches(ctx.req().getHeaders("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    ctx.res().setCharacterEncoding((String) null); // the type as given: ASAP clients compare application/x-pem-file exactly
    ctx.contentType(contentType).result(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether any of the {@code If-None-Match} values matches {@code etag} (a quoted, strong tag). */
  static boolean matches(Enumeration<String> values, String etag) {
    String opaque = etag.substring(1, etag.length() - 1);
    while (values.hasMoreElements()) {
      if (matches(values.nextElement(), opaque)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the header value {@code "*"} or its list holds {@code opaque} as a tag. A malformed
   * member ends the scan: what came before it counts, nothing after.
   */
  static boolean matches(String value, String opaque) {
    int i = 0;
    int n = value.length();
    while (i < n) {
      char c = value.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '*') {
        return true;
      }
      if (value.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || value.charAt(i) != '"') {
        return false;
      }
      int close = value.indexOf('"', i + 1);
      if (close < 0) {
        return false;
      }
      if (close - i - 1 == opaque.length() && value.startsWith(opaque, i + 1)) {
        return true;
      }
      i = close + 1;
    }
    return false;
  }
}
