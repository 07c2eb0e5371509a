package dev.signet.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * A request id for every request: the caller's {@code X-Request-Id} when it is a sane token,
 * else a new UUID. Echoed in the response, put in the logging MDC and in audit events. And the
 * request's source: the peer's address, or behind a {@linkplain TrustedProxies trusted proxy} the
 * client's it forwards.
 */
public final class RequestIds {
  private static final String ATTRIBUTE = "signet.requestId";
  private static final String SOURCE = "signet.source";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {}

  static void assign(Context ctx, TrustedProxies proxies) {
    assign(ctx);
    String peer = ctx.req().getRemoteAddr();
    ctx.attribute(SOURCE, proxies.clientAddress(peer == null ? "unknown" : peer, ctx.header("Forwarded"), ctx.header("X-Forwarded-For")));
  }

  private static void assign(Context ctx) {
    String given = ctx.header("X-Request-Id");
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header("X-Request-Id", id);
    MDC.put("requestId", id);
  }

  static void clear() {
    MDC.remove("requestId");
  }

  /** The client's address (behind a trusted proxy, the forwarded one). */
  public static String source(Context ctx) {
    String source = ctx.attribute(SOURCE);
    return source == null ? "unknown" : source;
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }
}
