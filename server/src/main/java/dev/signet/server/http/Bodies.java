package dev.signet.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies, read once and never beyond the limit: a declared {@code Content-Length} over it
 * is refused before a byte is read, and a chunked body is cut off as soon as it passes it (413).
 * A body that stops arriving (Jetty's idle timeout) is a 408. Both answers close the connection,
 * since the rest of the body is never read; a client that sends a large body without {@code
 * Expect: 100-continue} may therefore find the connection closed before it reads the 413.
 */
public final class Bodies {
  private static final String ATTRIBUTE = "signet.body";
  private static final String LIMIT = "signet.bodyLimit";

  private Bodies() {}

  /** Called first for every request: refuses declared oversize bodies at once. */
  static void limit(Context ctx, long maxBytes) {
    ctx.attribute(LIMIT, maxBytes);
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw ApiException.payloadTooLarge("request body is " + declared + " bytes; the limit is " + maxBytes);
    }
  }

  /** The body, at most the limit. */
  public static byte[] bytes(Context ctx) {
    byte[] cached = ctx.attribute(ATTRIBUTE);
    if (cached != null) {
      return cached;
    }
    Long limit = ctx.attribute(LIMIT);
    long max = limit == null ? 64 * 1024 : limit;
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (body.length > max) {
        throw ApiException.payloadTooLarge("request body exceeds the limit of " + max + " bytes");
      }
      ctx.attribute(ATTRIBUTE, body);
      return body;
    } catch (IOException e) { // idle timeout (1 s during shutdown) or the client left: its fault, not a 500
      throw ApiException.requestTimeout("the request body did not arrive: " + e.getMessage());
    }
  }
}
