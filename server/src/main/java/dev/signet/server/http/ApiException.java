package dev.signet.server.http;

/**
 * A request the server refuses on purpose, with the status and the client-safe body it gets:
 * {@code {"error": code}} plus, for requests by authenticated callers about their own input, a
 * {@code message} saying what to fix. Never carries internal detail; that goes to the log.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final boolean showMessage;

  private ApiException(int status, String error, String message, boolean showMessage) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.showMessage = showMessage;
  }

  /** 400 with a message for the caller ("name must be 1-64 of [A-Za-z0-9._@-]"). */
  public static ApiException badRequest(String message) {
    return new ApiException(400, "invalid_request", message, true);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, true);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, true);
  }

  /** 403: authenticated, but without the role or scope the route needs. */
  public static ApiException forbidden(String logDetail) {
    return new ApiException(403, "insufficient_scope", logDetail, false);
  }

  /** 401 for a request-token route; the detail is logged, never sent. */
  public static ApiException unauthorized(String logDetail) {
    return new ApiException(401, "invalid_token", logDetail, false);
  }

  /** 408: the body did not arrive (the client went silent or away); the detail is logged, never sent. */
  public static ApiException requestTimeout(String logDetail) {
    return new ApiException(408, "request_timeout", logDetail, false);
  }

  public static ApiException payloadTooLarge(String message) {
    return new ApiException(413, "payload_too_large", message, true);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** Whether {@link #getMessage()} may be sent to the client. */
  public boolean showMessage() {
    return showMessage;
  }
}
