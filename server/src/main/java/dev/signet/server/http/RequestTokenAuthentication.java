package dev.signet.server.http;

import dev.signet.Binding;
import dev.signet.Rejection;
import dev.signet.RequestTokenVerifier;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import dev.signet.internal.Base64UrlAlphabet;
import dev.signet.server.audit.SafeText;
import dev.signet.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
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
 * <p>Routes that change or read the registry ({@code /admin/*}, {@code /me/*}) take only tokens
 * scoped to this server ({@link #authenticateForThisServer}): {@code aud} = the issuer, or
 * {@code htm} and {@code htu} bound to the request (and then {@code bsh} when the request has a
 * body). A plain seed-style token ({@code username}, {@code time}, {@code nonce}) names no server:
 * whoever sees it could replay it, within its window and with a body of their choosing, to any
 * server that trusts the key. It is accepted on {@code /whoami} only, the compatibility surface.
 *
 * <p>Rejections are answered 401 with a generic body and logged with their reason at INFO, the
 * first of each kind from each source per interval (the rest are counted, see {@link
 * dev.signet.server.audit.RefusedRequests}); a key source or replay store failure propagates
 * ({@code UnavailableException}, 503).
 */
public final class RequestTokenAuthentication {
  private static final Logger log = LoggerFactory.getLogger(RequestTokenAuthentication.class);

  /** Receives every decision, for the audit log. */
  public interface Decisions {
    void accepted(Exchange ex, VerifiedToken token);

    /**
     * A request not authenticated: no token ({@code NO_TOKEN}), or a token refused ({@link
     * Rejection} name). Principal and kid are as the token claimed, unverified.
     *
     * @return whether to log this rejection on a line of its own (refusals of one kind from one
     *     source are counted together, and logged once per interval)
     */
    boolean rejected(Exchange ex, @Nullable String principal, @Nullable String kid, String reason, String detail);

    /** An authenticated caller refused a route its roles do not allow. */
    void forbidden(Exchange ex, Caller caller, String detail);
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

  /** The server's public base URLs, which bound tokens name and links in answers start with. */
  public PublicOrigins origins() {
    return origins;
  }

  /** The request's token from {@code Authorization}, or null when there is none in a supported scheme. */
  public static @Nullable String token(Context ctx) {
    return token(ctx.header("Authorization"));
  }

  /** The token of an {@code Authorization} header, or null when there is none in a supported scheme. */
  static @Nullable String token(@Nullable String header) {
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

  /** The verified caller, whatever server its token names (if any). @throws ApiException 401 when the token is missing or refused */
  public Caller authenticate(Context ctx) {
    return authenticate(Exchange.of(ctx), false);
  }

  /**
   * The verified caller of a token scoped to this server: {@code aud} = the issuer, or {@code htm}
   * and {@code htu} (plus {@code bsh} when the request has a body).
   *
   * @throws ApiException 401 when the token is missing, refused, or not scoped to this server
   */
  public Caller authenticateForThisServer(Context ctx) {
    return authenticate(Exchange.of(ctx), true);
  }

  Caller authenticate(Exchange ex, boolean forThisServer) {
    String token = token(ex.header("Authorization"));
    if (token == null) {
      String detail = "no Authorization: JWT|Bearer <token>";
      if (decisions.rejected(ex, null, null, "NO_TOKEN", detail)) {
        log.info("rejection=NO_TOKEN path={} source={} request={} detail={}",
            SafeText.escape(ex.path()), ex.source(), ex.requestId(), detail);
      }
      throw ApiException.unauthorized("no request token (Authorization: JWT <token>)");
    }
    return authenticate(ex, token, forThisServer);
  }

  Caller authenticate(Exchange ex, String token, boolean forThisServer) {
    long start = System.nanoTime();
    Verification result = verify(ex, token);
    metrics.verified(System.nanoTime() - start);
    if (forThisServer && result instanceof Verification.Valid(VerifiedToken t)) {
      String unscoped = unscoped(t, ex.body().length > 0);
      if (unscoped != null) {
        result = new Verification.Invalid(Rejection.MISSING_CLAIM, unscoped);
      }
    }
    return switch (result) {
      case Verification.Valid(VerifiedToken t) -> {
        metrics.accepted("request-token");
        decisions.accepted(ex, t);
        yield new Caller(t.principal(), t.keyId(), "request-token", Set.of());
      }
      case Verification.Invalid(Rejection reason, String detail) -> {
        metrics.rejected(reason);
        ClaimedPrincipal claimed = ClaimedPrincipal.of(token);
        if (decisions.rejected(ex, claimed.name(), claimed.kid(), reason.name(), detail)) {
          // the detail may quote the token's header (a parser's message): escaped, it cannot start a forged line
          log.info("rejection={} principal={} kid={} path={} source={} request={} detail={}", reason, claimed.name(),
              claimed.kid(), SafeText.escape(ex.path()), ex.source(), ex.requestId(), SafeText.escape(detail));
        }
        throw ApiException.unauthorized(reason + ": " + detail);
      }
    };
  }

  /**
   * Verifies the signed token inside a nested JWT like any request token (the signer's registered
   * key, replay, lifetime), bound to this request's method and URL when it says so, to no body.
   */
  public Verification verifyInner(Context ctx, String token) {
    if (token.length() > 16_384) {
      return verifier.verify(token, null);
    }
    return verifier.verify(token, origins.request(Exchange.of(ctx), new byte[0]));
  }

  /** Refuses an authenticated caller the route is not for: audited, and a 403 to throw (logged when answered). */
  public ApiException forbidden(Context ctx, Caller caller, String detail) {
    decisions.forbidden(Exchange.of(ctx), caller, detail);
    return ApiException.forbidden(detail);
  }

  /** Why {@code t} is not scoped to this server, or null when it is. */
  private @Nullable String unscoped(VerifiedToken t, boolean hasBody) {
    Set<Binding> bound = t.bindings();
    if (bound.contains(Binding.HTM) && bound.contains(Binding.HTU)) {
      return hasBody && !bound.contains(Binding.BSH) ? "the request has a body but the token no 'bsh' (request binding)" : null;
    }
    if (t.isFor(origins.issuer().toString())) {
      return null;
    }
    return "this route needs a token scoped to this server: 'aud' = '" + origins.issuer()
        + "', or 'htm' and 'htu' bound to the request (the token has " + (bound.isEmpty() ? "neither" : bound) + ")";
  }

  /** {@code [A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*}, without a regex (this runs on every request). */
  static boolean compactJws(String token) {
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (i == 0 || ++dots > 2) {
          return false;
        }
      } else if (!Base64UrlAlphabet.contains(c)) {
        return false;
      }
    }
    return dots == 2;
  }

  private Verification verify(Exchange ex, String token) {
    if (token.length() > 16_384 || !compactJws(token)) {
      return verifier.verify(token, null); // refused as TOO_LARGE or MALFORMED, without reading the body
    }
    return verifier.verify(token, origins.request(ex, ex.body()));
  }
}
