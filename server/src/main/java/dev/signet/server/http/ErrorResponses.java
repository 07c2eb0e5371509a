package dev.signet.server.http;

import com.nimbusds.oauth2.sdk.ErrorObject;
import dev.signet.UnavailableException;
import dev.signet.UnusableKeyException;
import dev.signet.server.audit.SafeText;
import dev.signet.server.enrollment.EnrollmentException;
import dev.signet.server.keys.ServerKeyException;
import dev.signet.server.registry.RegistryException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into HTTP responses (SPEC §6). Clients get a status and a
 * generic {@code {"error": …}} body, plus a {@code message} only where it is about their own
 * input; the reason goes to the log. Never a stack trace on the wire.
 */
public final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
  /** Any client can cause these lines (a 413, a 408, a 503 while a dependency is down): 50 per 10 s at most. */
  private static final LogThrottle THROTTLE = new LogThrottle(50, java.time.Duration.ofSeconds(10));

  private ErrorResponses() {}

  public static void register(JavalinConfig config) {
    config.routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e));
    config.routes.exception(OAuthError.class, (e, ctx) -> respond(ctx, e));
    config.routes.exception(RegistryException.class, (e, ctx) -> respond(ctx, switch (e.reason().kind()) {
      case INVALID -> ApiException.badRequest(message(e));
      case NOT_FOUND -> ApiException.notFound(message(e));
      case CONFLICT -> ApiException.conflict(e.reason() == RegistryException.Reason.KEY_HELD_ELSEWHERE && !ctx.path().startsWith("/admin/")
          ? "this key cannot be registered here; if it is yours, ask an admin (request " + RequestIds.of(ctx) + ")"
          : message(e));
    }));
    config.routes.exception(EnrollmentException.class, (e, ctx) -> { // logged (and counted) by EnrollmentCodes
      respond(ctx, switch (e.reason()) {
        case UNKNOWN_ENROLLMENT -> ApiException.notFound(message(e));
        case ENROLLMENT_USED -> ApiException.conflict(message(e));
        default -> ApiException.badRequest("invalid or expired enrollment code"); // which one is for the log only
      });
    });
    config.routes.exception(ServerKeyException.class, (e, ctx) -> respond(ctx, switch (e.reason()) {
      case UNKNOWN_KEY -> ApiException.notFound(message(e));
      case CONFLICT -> ApiException.conflict(message(e));
    }));
    config.routes.exception(UnusableKeyException.class, (e, ctx) -> respond(ctx, ApiException.badRequest(message(e))));
    config.routes.exception(UnavailableException.class, (e, ctx) -> {
      String note = THROTTLE.allow();
      if (note != null) {
        log.warn("503 {} {}: {}{}", ctx.method(), safe(ctx.path()), safe(e.getMessage()), note);
      }
      ctx.header("Retry-After", "5");
      send(ctx, 503, "temporarily_unavailable", null);
    });
    config.routes.exception(HttpResponseException.class, (e, ctx) -> {
      int status = e.getStatus();
      info(status, ctx, e.getMessage());
      send(ctx, status, codeFor(status), null);
    });
    config.routes.exception(Exception.class, (e, ctx) -> {
      String note = THROTTLE.allow();
      if (note != null) {
        log.error("500 {} {} (request {}){}", ctx.method(), safe(ctx.path()), RequestIds.of(ctx), note, e);
      }
      send(ctx, 500, "server_error", null);
    });
    config.routes.error(404, "*", ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        send(ctx, 404, "not_found", null);
      }
    });
    config.routes.error(405, "*", ctx -> send(ctx, 405, "method_not_allowed", null));
  }

  /**
   * What a failure of {@code GET /whoami} on {@link WhoamiHandler} (no Javalin context) becomes, logged
   * as the handlers above log it: an {@link ApiException} as {@link #respond(Context, ApiException)},
   * an {@link UnavailableException} as a 503, anything else as a 500. The only failures there.
   */
  static Answer answer(Exception e, String method, String path, String requestId, boolean acceptsBearer) {
    if (e instanceof ApiException api) {
      List<String> challenges = api.status() == 401 ? Challenge.of("invalid_token", acceptsBearer)
          : api.status() == 403 ? Challenge.of("insufficient_scope", acceptsBearer) : List.of();
      if (api.status() >= 500 || api.status() == 403 || api.status() == 408) {
        info(api.status(), method, path, api.getMessage());
      } else if (log.isDebugEnabled()) {
        log.debug("{} {} {}: {}", api.status(), method, safe(path), safe(api.getMessage()));
      }
      return new Answer(api.status(), challenges, null, body(api.error(), api.showMessage() ? api.getMessage() : null));
    }
    String note = THROTTLE.allow();
    if (e instanceof UnavailableException) {
      if (note != null) {
        log.warn("503 {} {}: {}{}", method, safe(path), safe(e.getMessage()), note);
      }
      return new Answer(503, List.of(), "5", body("temporarily_unavailable", null));
    }
    if (note != null) {
      log.error("500 {} {} (request {}){}", method, safe(path), requestId, note, e);
    }
    return new Answer(500, List.of(), null, body("server_error", null));
  }

  /** A failure's answer: status, {@code WWW-Authenticate} values, {@code Retry-After} (or null), JSON body. */
  record Answer(int status, List<String> challenges, @Nullable String retryAfter, String body) {}

  /** The exception's message; these exceptions always carry one, the class name stands in otherwise. */
  private static String message(Exception e) {
    String message = e.getMessage();
    return message != null ? message : e.getClass().getSimpleName();
  }

  static void respond(Context ctx, ApiException e) {
    if (e.status() == 401) {
      Challenge.addTo(ctx, "invalid_token");
    } else if (e.status() == 403) {
      Challenge.addTo(ctx, "insufficient_scope");
    } else if (e.status() == 408 || e.status() == 413) {
      ctx.header("Connection", "close"); // the rest of the body is never read: this connection cannot carry another request
    }
    // a 401's INFO line is RequestTokenAuthentication's, which knows the reason: one line per rejection
    if (e.status() >= 500 || e.status() == 403 || e.status() == 408) {
      info(e.status(), ctx, e.getMessage());
    } else if (log.isDebugEnabled()) {
      log.debug("{} {} {}: {}", e.status(), ctx.method(), safe(ctx.path()), safe(e.getMessage()));
    }
    send(ctx, e.status(), e.error(), e.showMessage() ? e.getMessage() : null);
  }

  /** RFC 6749 §5.2 JSON, through the OAuth SDK's {@code ErrorObject}; never cached. */
  static void respond(Context ctx, OAuthError e) {
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "JWT realm=\"signet\", error=\"" + e.code() + "\"");
    }
    info(e.status(), ctx, e.code() + ": " + e.getMessage());
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    ErrorObject error = new ErrorObject(e.code(), e.description(), e.status());
    ctx.status(e.status()).contentType("application/json").result(error.toJSONObject().toJSONString());
  }

  private static void info(int status, Context ctx, @Nullable String message) {
    info(status, ctx.method().name(), ctx.path(), message);
  }

  private static void info(int status, String method, String path, @Nullable String message) {
    String note = THROTTLE.allow();
    if (note != null) {
      log.info("{} {} {}: {}{}", status, method, safe(path), safe(message), note);
    } else {
      log.debug("{} {} {}: {}", status, method, safe(path), safe(message));
    }
  }

  /** Request-derived text (a path, a message quoting input) as one log line. */
  private static @Nullable String safe(@Nullable String text) {
    return SafeText.escape(text);
  }

  private static void send(Context ctx, int status, String error, @Nullable String message) {
    ctx.status(status).contentType("application/json").result(body(error, message));
  }

  private static final String INVALID_TOKEN = toJson(Map.of("error", "invalid_token"));

  /** {@code {"error": error, "message": message}}, the message left out when null. */
  static String body(String error, @Nullable String message) {
    if (message == null && error.equals("invalid_token")) {
      return INVALID_TOKEN; // every 401: the same bytes each time
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    if (message != null) {
      body.put("message", message);
    }
    return toJson(body);
  }

  private static String toJson(Map<String, String> body) {
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "{\"error\":\"server_error\"}";
    }
  }

  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "invalid_token";
      case 403 -> "insufficient_scope";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 431 -> "request_header_fields_too_large";
      case 503 -> "temporarily_unavailable";
      default -> status >= 500 ? "server_error" : "invalid_request";
    };
  }
}
