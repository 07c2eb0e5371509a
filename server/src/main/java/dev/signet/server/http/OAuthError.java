package dev.signet.server.http;

import org.jspecify.annotations.Nullable;

/**
 * A refused OAuth request ({@code /oauth/*}), answered as RFC 6749 §5.2 JSON by {@link
 * ErrorResponses}: {@code {"error", "error_description"?}} with {@code Cache-Control: no-store},
 * and on a 401 a {@code WWW-Authenticate} challenge. The description is sent only where it is
 * about the client's own request (a scope it asked for, a grant type); why a client failed to
 * authenticate goes to the log only.
 */
final class OAuthError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final @Nullable String description;

  private OAuthError(int status, String code, @Nullable String description, String logDetail) {
    super(logDetail, null, false, false);
    this.status = status;
    this.code = code;
    this.description = description;
  }

  /** 401: the client did not authenticate; the detail is logged, never sent. */
  static OAuthError invalidClient(String logDetail) {
    return new OAuthError(401, "invalid_client", null, logDetail);
  }

  /** 400 with a description for the client. */
  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description, description);
  }

  /** 400 without a description: a body too large, not a form, or malformed; the detail is logged. */
  static OAuthError malformed(String logDetail) {
    return new OAuthError(400, "invalid_request", null, logDetail);
  }

  static OAuthError unsupportedGrantType(String description) {
    return new OAuthError(400, "unsupported_grant_type", description, description);
  }

  static OAuthError invalidScope(String description, String logDetail) {
    return new OAuthError(400, "invalid_scope", description, logDetail);
  }

  /** RFC 8707 §2: a {@code resource} that is not an absolute URI without fragment. */
  static OAuthError invalidTarget(String description) {
    return new OAuthError(400, "invalid_target", description, description);
  }

  /** RFC 9449 §5: the DPoP proof of a token request is refused; the detail is logged, never sent. */
  static OAuthError invalidDpopProof(String logDetail) {
    return new OAuthError(400, "invalid_dpop_proof", null, logDetail);
  }

  /** RFC 7009 §2.1: a client revoking a token issued to another client. */
  static OAuthError unauthorizedClient(String logDetail) {
    return new OAuthError(400, "unauthorized_client", null, logDetail);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  @Nullable String description() {
    return description;
  }
}
