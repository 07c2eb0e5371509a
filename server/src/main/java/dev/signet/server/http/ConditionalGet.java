package dev.signet.server.http;

import io.javalin.http.Context;
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

  static void respond(Context ctx, String etag, Duration maxAge, String contentType, String body) {
    ctx.header("Cache-Control", "public, max-age=" + maxAge.toSeconds());
    ctx.header("ETag", etag);
    if (matches(ctx.req().getHeaders("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType(contentType).result(body);
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
