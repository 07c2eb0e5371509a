package dev.signet.server.http;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A request id for every request: the caller's {@code X-Request-Id} when it is a sane token,
 * else a new one in the form of a UUID (see {@link #next}). Echoed in the response, put in the logging MDC and in audit events. And the
 * request's source: the peer's address, or behind a {@linkplain TrustedProxies trusted proxy} the
 * client's it forwards.
 */
public final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "signet.requestId";
  private static final String SOURCE = "signet.source";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final long PROCESS = new SecureRandom().nextLong();
  private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextLong());

  private RequestIds() {}

  static void assign(Context ctx, TrustedProxies proxies) {
    assign(ctx);
    String peer = ctx.req().getRemoteAddr();
    ctx.attribute(SOURCE, proxies.clientAddress(peer == null ? "unknown" : peer, ctx.header("Forwarded"), ctx.header("X-Forwarded-For")));
  }

  private static void assign(Context ctx) {
    String id = saneOrNew(ctx.header(HEADER));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    MDC.put("requestId", id);
  }

  /** {@code given} when it is a sane id, else a new one. */
  static String saneOrNew(@Nullable String given) {
    return given != null && SANE.matcher(given).matches() ? given : next();
  }

  /**
   * A new id: this process's random 64 bits, then a counter from a random start through a bijective
   * mix (SplittableRandom's finalizer), so ids never repeat within a process and do not look
   * sequential. They are correlation ids, not secrets (the mix can be undone). {@code
   * UUID.randomUUID()} drew 16 bytes from SecureRandom on every request.
   */
  static String next() {
    long z = COUNTER.getAndAdd(0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return new UUID(PROCESS, z ^ (z >>> 31)).toString();
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
