package dev.signet.web;

import dev.signet.Rejection;
import dev.signet.VerifiedToken;
import dev.signet.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens, Bearer or DPoP, from several trusted issuers: the issuer is chosen by the
 * token's unverified {@code iss} and the token is then verified against that issuer's keys only
 * (an unknown {@code iss} costs no fetch). Verified tokens are cached ({@link TokenCache}); the
 * introspection check, the DPoP binding and the proof are applied on every request, cached or not.
 */
final class AccessTokens {
  private final Map<String, IssuerRuntime> issuers;
  private final TokenCache cache;
  private final @Nullable DpopProofs dpop;
  private final PublicUrls publicUrls;
  private final WebMetrics metrics;

  AccessTokens(Map<String, IssuerRuntime> issuers, TokenCache cache, @Nullable DpopProofs dpop, PublicUrls publicUrls, WebMetrics metrics) {
    this.issuers = Map.copyOf(issuers);
    this.cache = cache;
    this.dpop = dpop;
    this.publicUrls = publicUrls;
    this.metrics = metrics;
  }

  boolean isEmpty() {
    return issuers.isEmpty();
  }

  /**
   * Checks an access token presented as {@code presentedAs} ({@link Credential#BEARER} or
   * {@link Credential#DPOP}).
   *
   * @throws dev.signet.UnavailableException when keys, introspection or the replay store fail
   */
  Outcome check(IncomingRequest request, String token, Credential presentedAs) {
    TokenHash hash = TokenHash.of(token);
    if (cache.isRevoked(hash)) {
      return Outcome.unauthorized(Reason.REVOKED, "the token was revoked");
    }
    TokenCache.Entry entry = cache.get(hash);
    metrics.cache(entry != null);
    if (entry == null) {
      Map<String, Object> claims = Peek.claims(token);
      String iss = Peek.string(claims, "iss");
      IssuerRuntime issuer = iss == null ? null : issuers.get(iss);
      if (issuer == null) {
        return new Outcome.UnknownIssuer(claims == null ? "not a JWS with a JSON payload"
            : iss == null ? "no iss claim" : "iss '" + LogText.escape(iss) + "' is not a trusted issuer");
      }
      switch (issuer.verifier().verify(token)) {
        case Verification.Invalid(Rejection reason, String detail) -> {
          return new Outcome.Refusal(Outcome.Status.UNAUTHORIZED, reason.name(), detail);
        }
        case Verification.Valid(VerifiedToken verified) -> {
          entry = new TokenCache.Entry(verified, issuer);
          cache.put(hash, entry);
        }
      }
    }
    return bound(request, token, presentedAs, hash, entry);
  }

  private Outcome bound(IncomingRequest request, String token, Credential presentedAs, TokenHash hash, TokenCache.Entry entry) {
    VerifiedToken verified = entry.token();
    Introspector introspector = entry.issuer().introspector();
    if (introspector != null && !introspector.isActive(hash, token)) {
      cache.revoke(hash, verified.expiresAt());
      return Outcome.unauthorized(Reason.REVOKED, "introspection says the token is not active");
    }
    String jkt = jkt(verified);
    if (presentedAs == Credential.BEARER) {
      if (jkt != null) {
        return Outcome.unauthorized(Reason.DPOP_BOUND_AS_BEARER, "a DPoP-bound token (cnf.jkt) was sent as a bearer token");
      }
      return new Outcome.Verified(new Identity(verified, Credential.BEARER, entry.issuer().issuer(), null));
    }
    if (jkt == null) {
      return Outcome.unauthorized(Reason.DPOP_NOT_BOUND, "the DPoP scheme with a token that has no cnf.jkt");
    }
    List<String> proofs = request.headers("DPoP");
    if (proofs.size() != 1 || dpop == null) {
      return proofs.size() > 1
          ? new Outcome.Refusal(Outcome.Status.BAD_REQUEST, Reason.MALFORMED_REQUEST, proofs.size() + " DPoP headers")
          : Outcome.unauthorized(Reason.DPOP_NOT_BOUND, dpop == null ? "DPoP is not accepted here" : "no DPoP proof header");
    }
    String refused = dpop.check(proofs.getFirst(), request.method(), publicUrls.resourceUris(request), token, jkt);
    if (refused != null) {
      return Outcome.unauthorized(Reason.DPOP_PROOF, refused);
    }
    return new Outcome.Verified(new Identity(verified, Credential.DPOP, entry.issuer().issuer(), jkt));
  }

  private static @Nullable String jkt(VerifiedToken token) {
    if (token.claims().claim("cnf").orElse(null) instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt) {
      return jkt;
    }
    return null;
  }

  /** Refuses {@code token} from now on, until its {@code exp} (a day when it has none that can be read). */
  void revoke(String token, Instant fallbackExpiry) {
    TokenHash hash = TokenHash.of(token);
    Map<String, Object> claims = Peek.claims(token);
    Instant exp = claims != null && claims.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : fallbackExpiry;
    cache.revoke(hash, exp);
    for (IssuerRuntime issuer : issuers.values()) {
      Introspector introspector = issuer.introspector();
      if (introspector != null) {
        introspector.forget(hash);
      }
    }
  }

  @Override
  public String toString() {
    return "AccessTokens" + issuers.keySet();
  }
}
