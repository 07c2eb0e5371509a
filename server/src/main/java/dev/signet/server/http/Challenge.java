package dev.signet.server.http;

import io.javalin.http.Context;

/**
 * {@code WWW-Authenticate} challenges (RFC 6750 §3): the {@code JWT} scheme of request tokens,
 * and {@code Bearer} and {@code DPoP} (RFC 9449 §7.1) where a route also accepts access tokens.
 */
final class Challenge {
  /** Set by routes that accept access tokens too, so the 401 names both schemes. */
  static final String ACCEPTS_BEARER = "signet.acceptsBearer";

  private static final String DPOP_ALGS = String.join(" ", DpopProofs.SUPPORTED.stream().map(Enum::name).sorted().toList());

  private Challenge() {}

  static void addTo(Context ctx, String error) {
    ctx.res().addHeader("WWW-Authenticate", "JWT realm=\"signet\", error=\"" + error + "\"");
    if (Boolean.TRUE.equals(ctx.attribute(ACCEPTS_BEARER))) {
      ctx.res().addHeader("WWW-Authenticate", "Bearer realm=\"signet\", error=\"" + error + "\"");
      ctx.res().addHeader("WWW-Authenticate", "DPoP realm=\"signet\", error=\"" + error + "\", algs=\"" + DPOP_ALGS + "\"");
    }
  }
}
