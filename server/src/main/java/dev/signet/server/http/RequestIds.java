package dev.signet.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * A request id for every request: the caller's {@code X-Request-Id} when it is a sane token,
 * else a new UUID. Echoed in the response, put in the logging MDC and in audit events.
 */
public final class RequestIds {
  private static final String ATTRIBUTE = "signet.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {}

  static void assign(Context ctx) {
    String given = ctx.header("X-Request-Id");
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header("X-Request-Id", id);
    MDC.put("requestId", id);
  }

  static void clear() {
    MDC.remove("requestId");
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }
}
