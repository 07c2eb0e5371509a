package dev.signet.cli;

import dev.signet.RequestContext;
import dev.signet.RequestTokenBuilder;
import dev.signet.TokenSigner;
import org.jspecify.annotations.Nullable;

/**
 * Signs one request token per request, for one principal: the compatible profile, or the standard
 * one when there is an audience; bound to the request (htm, htu, qsh, bsh) when asked.
 */
record RequestSigner(TokenSigner signer, String principal, @Nullable String audience) {
  RequestSigner {
    Usage.check(!principal.isBlank(), "--principal must not be empty");
  }

  /** The {@code Authorization} header value for {@code request}. */
  String authorization(RequestContext request, boolean bind) {
    RequestTokenBuilder token = signer.requestToken(principal);
    if (audience != null) {
      token.audience(audience);
    }
    if (bind) {
      token.bind(request);
    }
    return "JWT " + token.sign();
  }
}
