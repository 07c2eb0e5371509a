package dev.signet.server.http;

import dev.signet.ReplayStore;
import dev.signet.RequestTokenVerifier;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.registry.CachedPrincipalKeys;
import dev.signet.server.tokens.IssuedTokens;
import dev.signet.server.tokens.TokenIssuer;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * What the OAuth routes ({@code /oauth/*}) and the access-token side of {@code /whoami} work with,
 * made once the issuer is known (with {@code --port 0}, after the port is bound): client
 * authentication, DPoP proofs, the token issuer, and the verifier of issued tokens.
 */
public final class OAuth {
  final OAuthClients clients;
  final DpopProofs dpop;
  final TokenIssuer issuer;
  final IssuedTokens issued;
  final CachedPrincipalKeys principals;
  final PublicOrigins origins;
  final RequestTokenAuthentication.Decisions decisions;
  final AuditLog audit;
  final Clock clock;

  private OAuth(OAuthClients clients, DpopProofs dpop, TokenIssuer issuer, IssuedTokens issued, CachedPrincipalKeys principals,
      PublicOrigins origins, RequestTokenAuthentication.Decisions decisions, AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
    this.clients = clients;
    this.decisions = decisions;
    this.dpop = dpop;
    this.issuer = issuer;
    this.issued = issued;
    this.principals = principals;
    this.origins = origins;
  }

  /**
   * The token service over the request-token machinery.
   *
   * @param requestTokens the request-token authentication (its origins are the public base URLs)
   * @param decisions where client-assertion decisions go, as those of request tokens
   * @param assertionVerifier a request-token verifier builder for an audience: the principals'
   *     keys, clock skew, maximum lifetime and the replay store of request tokens
   * @param replay the replay store, for DPoP proof {@code jti}s
   * @param proofMaxAge how old a DPoP proof's {@code iat} may be
   */
  public static OAuth create(RequestTokenAuthentication requestTokens, RequestTokenAuthentication.Decisions decisions,
      Function<String, RequestTokenVerifier.Builder> assertionVerifier, ReplayStore replay, Duration proofMaxAge,
      Duration clockSkew, Clock clock, TokenIssuer issuer, IssuedTokens issued, CachedPrincipalKeys principals, AuditLog audit) {
    PublicOrigins origins = requestTokens.origins();
    return new OAuth(new OAuthClients(requestTokens, decisions, assertionVerifier),
        new DpopProofs(origins, proofMaxAge, clockSkew, replay, clock), issuer, issued, principals, origins, decisions, audit, clock);
  }
}
