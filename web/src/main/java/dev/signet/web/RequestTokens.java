package dev.signet.web;

import dev.signet.Rejection;
import dev.signet.RequestContext;
import dev.signet.RequestTokenVerifier;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signet request tokens, verified by the application's {@link RequestTokenVerifier} against the
 * request as the client addressed it: each public URL in turn while the only complaint is the
 * binding ({@code htu}, {@code qsh}), which consumes no nonce. The body is read, up to a limit,
 * only when the token binds it ({@code bsh}). Never cached: each token is single-use.
 */
final class RequestTokens {
  private final RequestTokenVerifier verifier;
  private final PublicUrls publicUrls;
  private final int maxBodyBytes;

  RequestTokens(RequestTokenVerifier verifier, PublicUrls publicUrls, int maxBodyBytes) {
    this.verifier = verifier;
    this.publicUrls = publicUrls;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Checks a request token against the request.
   *
   * @throws dev.signet.UnavailableException when the principal's keys or the replay store fail
   */
  Outcome check(IncomingRequest request, String token) {
    Map<String, Object> claims = Peek.claims(token);
    byte[] body = new byte[0];
    if (claims != null && claims.containsKey("bsh")) {
      try {
        Optional<byte[]> read = request.body(maxBodyBytes);
        if (read.isEmpty()) {
          return new Outcome.Refusal(Outcome.Status.TOO_LARGE, Reason.BODY_TOO_LARGE, "the body is over " + maxBodyBytes + " bytes");
        }
        body = read.get();
      } catch (IOException e) {
        return new Outcome.Refusal(Outcome.Status.BAD_REQUEST, Reason.MALFORMED_REQUEST, "the body cannot be read: " + e.getMessage());
      }
    }
    List<URI> urls = publicUrls.requestUris(request);
    if (urls.isEmpty()) {
      return new Outcome.Refusal(Outcome.Status.BAD_REQUEST, Reason.MALFORMED_REQUEST, "the request target makes no URL");
    }
    Verification result = verifier.verify(token, RequestContext.of(request.method(), urls.getFirst(), body));
    for (int i = 1; i < urls.size() && isBindingMismatch(result); i++) {
      result = verifier.verify(token, RequestContext.of(request.method(), urls.get(i), body));
    }
    return switch (result) {
      case Verification.Valid(VerifiedToken t) -> new Outcome.Verified(new Identity(t, Credential.REQUEST_TOKEN, null, null));
      case Verification.Invalid(Rejection reason, String detail) -> new Outcome.Refusal(Outcome.Status.UNAUTHORIZED, reason.name(), detail);
    };
  }

  private static boolean isBindingMismatch(Verification result) {
    return result instanceof Verification.Invalid(Rejection reason, String detail) && reason == Rejection.BINDING_MISMATCH;
  }

  @Override
  public String toString() {
    return "RequestTokens[" + verifier + "]";
  }
}
