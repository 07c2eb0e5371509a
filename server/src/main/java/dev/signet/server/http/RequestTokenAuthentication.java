package dev.signet.server.http;

import dev.signet.Rejection;
import dev.signet.RequestTokenVerifier;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import dev.signet.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request by its request token ({@code Authorization: JWT <token>}, or
 * {@code Bearer}). The token's binding claims are checked against the request under the server's
 * own public base URLs ({@link PublicOrigins}: the issuer and each {@code --public-url}), never
 * against a URL made from the client's {@code Host} or {@code X-Forwarded-*} headers: a token
 * bound to another server is refused however the request names its host.
 *
 * <p>Rejections are answered 401 with a generic body and logged with their reason at INFO; a
 * key source or replay store failure propagates ({@code UnavailableException}, 503).
 */
public final class RequestTokenAuthentication {
  private static final Logger log = LoggerFactory.getLogger(RequestTokenAuthentication.class);
  private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*\\.[A-Za-z0-9_\\-]*");

  /** Receives every decision, for the audit log. */
  public interface Decisions {
    void accepted(Context ctx, VerifiedToken token);

    /**
     * A request not authenticated: no token ({@code NO_TOKEN}), or a token refused ({@link
     * Rejection} name). Principal and kid are as the token claimed, unverified.
     */
    void rejected(Context ctx, @Nullable String principal, @Nullable String kid, String reason, String detail);

    /** An authenticated caller refused a route its roles do not allow. */
    void forbidden(Context ctx, Caller caller, String detail);
  }

  private final RequestTokenVerifier verifier;
  private final PublicOrigins origins;
  private final ServerMetrics metrics;
  private final Decisions decisions;

  public RequestTokenAuthentication(RequestTokenVerifier verifier, PublicOrigins origins, ServerMetrics metrics, Decisions decisions) {
    this.verifier = verifier;
    this.origins = origins;
    this.metrics = metrics;
    this.decisions = decisions;
  }

  /** The request's token from {@code Authorization}, or null when there is none in a supported scheme. */
  public static @Nullable String token(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      return null;
    }
    int space = header.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
    String token = header.substring(space + 1).strip();
    return (scheme.equals("jwt") || scheme.equals("bearer")) && !token.isEmpty() ? token : null;
  }

  /** The verified caller. @throws ApiException 401 when the token is missing or refused */
  public Caller authenticate(Context ctx) {
    String token = token(ctx);
    if (token == null) {
      String detail = "no Authorization: JWT|Bearer <token>";
      log.info("rejection=NO_TOKEN path={} request={} detail={}", ctx.path(), RequestIds.of(ctx), detail);
      decisions.rejected(ctx, null, null, "NO_TOKEN", detail);
      throw ApiException.unauthorized("no request token (Authorization: JWT <token>)");
    }
    return authenticate(ctx, token);
  }

  Caller authenticate(Context ctx, String token) {
    long start = System.nanoTime();
    Verification result = verify(ctx, token);
    metrics.verified(System.nanoTime() - start);
    return switch (result) {
      case Verification.Valid(VerifiedToken t) -> {
        metrics.accepted("request-token");
        decisions.accepted(ctx, t);
        yield new Caller(t.principal(), t.keyId(), "request-token", Set.of());
      }
      case Verification.Invalid(Rejection reason, String detail) -> {
        metrics.rejected(reason);
        ClaimedPrincipal claimed = ClaimedPrincipal.of(token);
        log.info("rejection={} principal={} kid={} path={} request={} detail={}",
            reason, claimed.name(), claimed.kid(), ctx.path(), RequestIds.of(ctx), detail);
        decisions.rejected(ctx, claimed.name(), claimed.kid(), reason.name(), detail);
        throw ApiException.unauthorized(reason + ": " + detail);
      }
    };
  }

  /** Refuses an authenticated caller the route is not for: audited, and a 403 to throw (logged when answered). */
  public ApiException forbidden(Context ctx, Caller caller, String detail) {
    decisions.forbidden(ctx, caller, detail);
    return ApiException.forbidden(detail);
  }

  private Verification verify(Context ctx, String token) {
    if (token.length() > 16_384 || !COMPACT_JWS.matcher(token).matches()) {
      return verifier.verify(token, null); // refused as TOO_LARGE or MALFORMED, without reading the body
    }
    return verifier.verify(token, origins.request(ctx, Bodies.bytes(ctx)));
  }
}
