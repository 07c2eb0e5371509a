package dev.signet.gateway;

import dev.signet.gateway.config.GatewayConfig.RateLimit;
import dev.signet.web.Decision;
import dev.signet.web.EncryptedBodies;
import dev.signet.web.Identity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path, in order: a path that is not canonical is 400; the route with the longest prefix
 * (404 when none); its methods (405 with {@code Allow}, before any credential is looked at: the
 * method says nothing about the caller); the credential, through the route's engine (401, 403,
 * 503 as the engine answers); the rate limit of the verified principal, or for unauthenticated
 * traffic (public routes and refused requests) that of the peer address (429 with
 * {@code Retry-After}); on a {@code decrypt: true} route, the body's decryption
 * ({@link BodyDecryption}); then the proxy, with the identity headers. When the gateway has an
 * encryption key, {@code GET /.well-known/jwks.json} serves its public half, before any route.
 */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);
  static final String JWKS_PATH = "/.well-known/jwks.json";

  private final ReverseProxy proxy;
  private final RateLimiter limiter;
  private final MeterRegistry registry;
  private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Generation generation;

  GatewayHandler(Generation generation, ReverseProxy proxy, RateLimiter limiter, MeterRegistry registry) {
    this.generation = generation;
    this.proxy = proxy;
    this.limiter = limiter;
    this.registry = registry;
    installBean(proxy);
  }

  @Override
  public void setServer(Server server) {
    super.setServer(server);
    proxy.setServer(server);
  }

  Generation swap(Generation next) {
    Generation old = generation;
    generation = Objects.requireNonNull(next);
    return old;
  }

  Generation generation() {
    return generation;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Generation current = generation;
    String rawPath = request.getHttpURI().getPath();
    String path = Request.getPathInContext(request);
    if (!isCanonical(rawPath) || !isUriText(request.getHttpURI().getQuery())) {
      count("none", 400);
      Responses.error(response, callback, 400, "invalid_request");
      return true;
    }
    String jwks = current.jwks();
    if (jwks != null && path.equals(JWKS_PATH)) {
      serveJwks(request, response, callback, jwks);
      return true;
    }
    RouteRuntime route = current.route(path);
    if (route == null) {
      count("none", 404);
      Responses.error(response, callback, 404, "not_found");
      return true;
    }
    String tag = route.route().path();
    if (!route.route().methods().isEmpty() && !route.route().methods().contains(request.getMethod())) {
      count(tag, 405);
      Responses.error(response, callback, 405, "method_not_allowed", "Allow", route.allow());
      return true;
    }
    Identity identity = null;
    if (route.engine() != null) {
      Decision decision = route.engine().authenticate(new JettyIncomingRequest(request, path), route.access());
      if (decision instanceof Decision.Refused refused) {
        if (!overSourceLimit(request, response, callback, tag, current)) {
          count(tag, refused.status());
          Responses.refused(response, callback, refused);
        }
        return true;
      }
      if (decision instanceof Decision.Authenticated(Identity who)) {
        identity = who;
      }
    }
    RateLimit limit = route.route().rateLimit();
    if (identity != null) {
      if (limit != null && over(response, callback, tag, "principal",
          tag + "|" + identity.issuer().orElse("request-token") + "|" + identity.principal(), limit)) {
        return true;
      }
      request.setAttribute(ReverseProxy.IDENTITY, IdentityHeaders.of(identity, route.route().claimHeaders()));
    } else {
      if (overSourceLimit(request, response, callback, tag, current)) {
        return true;
      }
      if (limit != null && over(response, callback, tag, "source", tag + "|" + Request.getRemoteAddr(request), limit)) {
        return true;
      }
    }
    EncryptedBodies bodies = route.bodies();
    if (bodies != null) {
      int status = BodyDecryption.apply(bodies, request, response, callback, path, identity);
      if (status != 0) {
        count(tag, status);
        return true;
      }
    }
    request.setAttribute(ReverseProxy.ROUTE, route);
    return proxy.handle(request, response, counting(callback, response, tag));
  }

  /** The public half of the gateway's encryption key, for clients to encrypt to. */
  private void serveJwks(Request request, Response response, Callback callback, String jwks) {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      count(JWKS_PATH, 405);
      Responses.error(response, callback, 405, "method_not_allowed", "Allow", "GET, HEAD");
      return;
    }
    count(JWKS_PATH, 200);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
    Content.Sink.write(response, true, jwks, callback);
  }

  private boolean overSourceLimit(Request request, Response response, Callback callback, String tag, Generation current) {
    RateLimit limit = current.config().sourceLimit();
    return limit != null && over(response, callback, tag, "source", "source|" + Request.getRemoteAddr(request), limit);
  }

  /** Takes one request from the bucket; when it is empty (or the shared store is down) answers and returns true. */
  private boolean over(Response response, Callback callback, String tag, String kind, String key, RateLimit limit) {
    long retryAfter;
    try {
      retryAfter = limiter.consume(key, limit);
    } catch (RuntimeException e) {
      log.warn("503: the rate-limit store failed: {}", e.toString());
      count(tag, 503);
      Responses.error(response, callback, 503, "temporarily_unavailable", "Retry-After", "5");
      return true;
    }
    if (retryAfter == 0) {
      return false;
    }
    Counter.builder("signet.gateway.rate_limited").description("requests refused by a rate limit").tag("kind", kind).register(registry).increment();
    count(tag, 429);
    Responses.error(response, callback, 429, "rate_limited", "Retry-After", Long.toString(retryAfter));
    return true;
  }

  private void count(String route, int status) {
    // looked up once per route and status: registering anew on every request allocates the meter's id
    counters.computeIfAbsent(route + " " + status, k -> Counter.builder("signet.gateway.requests").description("requests, by route and status")
        .tag("route", route).tag("status", Integer.toString(status)).register(registry)).increment();
  }

  private Callback counting(Callback callback, Response response, String tag) {
    return new Callback() {
      @Override
      public void succeeded() {
        count(tag, response.getStatus());
        callback.succeeded();
      }

      @Override
      public void failed(Throwable x) {
        count(tag, response.isCommitted() ? response.getStatus() : 500);
        callback.failed(x);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
  }

  /**
   * No dot segments, no doubled or encoded separators, no {@code ;}, and only the characters of
   * RFC 3986 ({@link #isUriText}): the upstream's URI is made of it.
   */
  static boolean isCanonical(@Nullable String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/' || rawPath.length() > 8192 || !isUriText(rawPath)) {
      return false;
    }
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\' || c == ';' || (c == '/' && i > 0 && rawPath.charAt(i - 1) == '/')) {
        return false;
      }
      if (c == '%' && i + 2 < rawPath.length()) {
        char a = rawPath.charAt(i + 1);
        char b = Character.toUpperCase(rawPath.charAt(i + 2));
        if ((a == '2' && (b == 'F' || b == 'E')) || (a == '5' && b == 'C') || (a == '0' && b == '0')) {
          return false;
        }
      }
    }
    return !(rawPath.contains("/./") || rawPath.contains("/../") || rawPath.endsWith("/.") || rawPath.endsWith("/.."));
  }

  /**
   * Null, or only RFC 3986's characters for a path or query (unreserved, sub-delims, {@code :@/?})
   * with every {@code %} followed by two hex digits: what the upstream request's URI can hold.
   * Anything else ({@code | { } ^ ` " < >}, a bad escape) would fail to make that URI, so it is 400
   * here instead of an error half-way through proxying.
   */
  static boolean isUriText(@Nullable String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
          return false;
        }
      } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }
}
