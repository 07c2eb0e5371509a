package dev.signet.server.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * {@code WWW-Authenticate} challenges (RFC 6750 §3): the {@code JWT} scheme of request tokens,
 * and {@code Bearer} and {@code DPoP} (RFC 9449 §7.1) where a route also accepts access tokens.
 */
final class Challenge {
  /** Set by routes that accept access tokens too, so the 401 names both schemes. */
  static final String ACCEPTS_BEARER = "signet.acceptsBearer";

  private static final String DPOP_ALGS = String.join(" ", DpopProofs.SUPPORTED.stream().map(Enum::name).sorted().toList());

  private static final List<String> INVALID_TOKEN_JWT = build("invalid_token", false);
  private static final List<String> INVALID_TOKEN_ANY = build("invalid_token", true);

  private Challenge() {}

  static void addTo(Context ctx, String error) {
    for (String challenge : of(error, Boolean.TRUE.equals(ctx.attribute(ACCEPTS_BEARER)))) {
      ctx.res().addHeader("WWW-Authenticate", challenge);
    }
  }

  /** The {@code WWW-Authenticate} values, in order: {@code JWT}, then {@code Bearer} and {@code DPoP} when the route takes access tokens. */
  static List<String> of(String error, boolean acceptsBearer) {
    if (error.equals("invalid_token")) {
      return acceptsBearer ? INVALID_TOKEN_ANY : INVALID_TOKEN_JWT;
    }
    return build(error, acceptsBearer);
  }

  private static List<String> build(String error, boolean acceptsBearer) {
    String jwt = "JWT realm=\"signet\", error=\"" + error + "\"";
    if (!acceptsBearer) {
      return List.of(jwt);
    }
    return List.of(jwt, "Bearer realm=\"signet\", error=\"" + error + "\"",
        "DPoP realm=\"signet\", error=\"" + error + "\", algs=\"" + DPOP_ALGS + "\"");
  }
}
