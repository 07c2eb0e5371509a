package dev.signet.web;

import org.jspecify.annotations.Nullable;

/**
 * The credential of a request, read from its {@code Authorization} header and handed to the
 * verifier of its scheme: access tokens (Bearer, DPoP) to {@link AccessTokens}, request tokens to
 * {@link RequestTokens}; a Bearer token from no trusted issuer is tried as a request token where
 * the route takes both. Immutable and thread-safe.
 */
final class Credentials {
  private final AccessTokens accessTokens;
  private final @Nullable RequestTokens requestTokens;
  private final int maxAuthorizationLength;

  Credentials(AccessTokens accessTokens, @Nullable RequestTokens requestTokens, int maxAuthorizationLength) {
    this.accessTokens = accessTokens;
    this.requestTokens = requestTokens;
    this.maxAuthorizationLength = maxAuthorizationLength;
  }

  /** The outcome of {@code request}'s credential on a route that asks {@code access}. */
  Outcome decide(IncomingRequest request, Access access) {
    switch (Authorization.read(request, maxAuthorizationLength)) {
      case Authorization.Missing m -> {
        return Outcome.unauthorized(Reason.NO_TOKEN, "no Authorization header");
      }
      case Authorization.Duplicate d -> {
        return new Outcome.Refusal(Outcome.Status.BAD_REQUEST, Reason.MALFORMED_REQUEST, "more than one Authorization header");
      }
      case Authorization.Malformed(String detail) -> {
        return Outcome.unauthorized(Reason.MALFORMED_CREDENTIALS, detail);
      }
      case Authorization.OtherScheme(String scheme) -> {
        return Outcome.unauthorized(Reason.NO_TOKEN, "scheme '" + scheme + "' is not taken here");
      }
      case Authorization.Token(Credential scheme, String token) -> {
        return switch (scheme) {
          case BEARER, DPOP -> accessToken(request, access, scheme, token);
          case REQUEST_TOKEN -> requestToken(request, access, token);
        };
      }
    }
  }

  private Outcome accessToken(IncomingRequest request, Access access, Credential scheme, String token) {
    boolean asAccessToken = access.accepts(scheme) && !accessTokens.isEmpty();
    boolean asRequestToken = scheme == Credential.BEARER && access.accepts(Credential.REQUEST_TOKEN) && requestTokens != null;
    if (!asAccessToken) {
      return asRequestToken ? requestToken(request, access, token) : Outcome.unauthorized(Reason.NO_TOKEN, scheme.scheme() + " is not taken here");
    }
    Outcome outcome = accessTokens.check(request, token, scheme);
    if (outcome instanceof Outcome.UnknownIssuer(String why) && asRequestToken) {
      Outcome asRequest = requestToken(request, access, token);
      return asRequest instanceof Outcome.Refusal(Outcome.Status status, String reason, String detail) && status == Outcome.Status.UNAUTHORIZED
          ? Outcome.unauthorized(Reason.UNKNOWN_ISSUER, why + "; as a request token: " + reason + " " + detail)
          : asRequest;
    }
    return outcome;
  }

  private Outcome requestToken(IncomingRequest request, Access access, String token) {
    if (requestTokens == null || !access.accepts(Credential.REQUEST_TOKEN)) {
      return Outcome.unauthorized(Reason.NO_TOKEN, "request tokens are not taken here");
    }
    return requestTokens.check(request, token);
  }
}
