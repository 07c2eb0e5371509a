package dev.signet.web;

/** What checking a credential came to, before the route's scopes are looked at. */
sealed interface Outcome {

  /** The credential is good. */
  record Verified(Identity identity) implements Outcome {}

  /** An access token whose {@code iss} is no trusted issuer's: perhaps a request token sent as Bearer. */
  record UnknownIssuer(String detail) implements Outcome {}

  /** Refused: the status family, the reason for log and metrics, and the detail for the log. */
  record Refusal(Status status, String reason, String detail) implements Outcome {
    Refusal(Status status, Reason reason, String detail) {
      this(status, reason.name(), detail);
    }
  }

  /** How a refusal is answered. */
  enum Status {
    BAD_REQUEST(400, "invalid_request"),
    UNAUTHORIZED(401, "invalid_token"),
    FORBIDDEN(403, "insufficient_scope"),
    TOO_LARGE(413, "payload_too_large"),
    SERVER_ERROR(500, "server_error"),
    UNAVAILABLE(503, "temporarily_unavailable");

    final int code;
    final String error;

    Status(int code, String error) {
      this.code = code;
      this.error = error;
    }
  }

  static Refusal unauthorized(Reason reason, String detail) {
    return new Refusal(Status.UNAUTHORIZED, reason, detail);
  }
}
