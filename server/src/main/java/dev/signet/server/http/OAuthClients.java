package dev.signet.server.http;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.id.Audience;
import dev.signet.Rejection;
import dev.signet.RequestTokenVerifier;
import dev.signet.TokenProfile;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import dev.signet.server.audit.SafeText;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the client of an OAuth request ({@code /oauth/token}, {@code /oauth/introspect},
 * {@code /oauth/revoke}), one way only (RFC 6749 §2.3):
 * <ul>
 *   <li>{@code private_key_jwt} (RFC 7523 §2.2, RFC 7521 §4.2): the form's
 *       {@code client_assertion}, its claims parsed by the OAuth SDK ({@code client_id}, when sent,
 *       must be its {@code sub}), then verified as a standard-profile request token: {@code iss} = {@code
 *       sub} = the principal, signed by one of its keys (never a key from the header), {@code iat}
 *       and {@code exp} within the clock skew and the maximum lifetime, and its {@code jti} once,
 *       in the replay store request tokens use (Redis when configured). Its {@code aud} must be
 *       this server: a public base URL (the issuer first), or the URL of the endpoint or of the
 *       token endpoint under one;</li>
 *   <li>a request token in {@code Authorization}, scoped to this server ({@link
 *       RequestTokenAuthentication#authenticateForThisServer}).</li>
 * </ul>
 * Any failure is {@code invalid_client} (401) with the reason in the log only. Thread-safe.
 */
final class OAuthClients {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Logger log = LoggerFactory.getLogger(OAuthClients.class);

  /** The authenticated client: its principal, the kid of the key it proved, and how. */
  record Client(String principal, String kid, String method) {}

  private final RequestTokenAuthentication requestTokens;
  private final RequestTokenAuthentication.Decisions decisions;
  private final Map<String, RequestTokenVerifier> byAudience;

  /**
   * @param verifierFor a standard-profile request-token verifier for the given audience, sharing
   *     the principals' keys and the replay store of request tokens
   */
  OAuthClients(RequestTokenAuthentication requestTokens, RequestTokenAuthentication.Decisions decisions,
      Function<String, RequestTokenVerifier.Builder> verifierFor) {
    this.requestTokens = requestTokens;
    this.decisions = decisions;
    Map<String, RequestTokenVerifier> verifiers = new LinkedHashMap<>();
    for (String audience : audiences(requestTokens.origins())) {
      verifiers.put(audience, verifierFor.apply(audience).profiles(TokenProfile.STANDARD).build());
    }
    this.byAudience = Map.copyOf(verifiers);
  }

  /** What an assertion's {@code aud} may name: each public base, and the OAuth endpoints under it. */
  private static List<String> audiences(PublicOrigins origins) {
    List<String> audiences = new java.util.ArrayList<>();
    for (java.net.URI base : origins.bases()) {
      String b = base.toString();
      audiences.add(b);
      audiences.add(b + "/");
      for (String path : List.of(TokenRoutes.TOKEN, TokenRoutes.INTROSPECT, TokenRoutes.REVOKE)) {
        audiences.add(b + path);
      }
    }
    if (!audiences.contains(origins.issuer().toString())) {
      audiences.add(origins.issuer().toString());
    }
    return audiences;
  }

  Client authenticate(Context ctx, OAuthForm form) {
    String assertion = form.get("client_assertion");
    boolean authorization = ctx.header("Authorization") != null;
    if (assertion != null && authorization) {
      throw OAuthError.invalidRequest("more than one client authentication method");
    }
    if (assertion != null) {
      return byAssertion(ctx, form, assertion);
    }
    if (form.get("client_secret") != null) {
      throw OAuthError.invalidClient("client_secret sent: clients here authenticate with private_key_jwt or a request token");
    }
    if (!authorization) {
      throw OAuthError.invalidClient("no client authentication (client_assertion or Authorization)");
    }
    try {
      Caller caller = requestTokens.authenticateForThisServer(ctx);
      return new Client(caller.principal(), caller.kid(), "request-token");
    } catch (ApiException e) { // logged and counted by RequestTokenAuthentication
      if (e.status() == 401) {
        throw OAuthError.invalidClient("request token refused: " + e.getMessage());
      }
      throw e;
    }
  }

  private Client byAssertion(Context ctx, OAuthForm form, String assertion) {
    if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
      throw refused(ctx, null, "MALFORMED", "client_assertion_type is not " + JWT_BEARER);
    }
    if (assertion.length() > 16_384) {
      throw refused(ctx, null, Rejection.TOO_LARGE.name(), "client_assertion is " + assertion.length() + " characters");
    }
    JWTAuthenticationClaimsSet claims;
    try { // the claims through the SDK; not PrivateKeyJWT.parse, which refuses EdDSA, an algorithm principals may use
      claims = JWTAuthenticationClaimsSet.parse(SignedJWT.parse(assertion).getJWTClaimsSet());
    } catch (ParseException | java.text.ParseException | RuntimeException e) {
      throw refused(ctx, null, Rejection.MALFORMED.name(), "client_assertion: " + e.getMessage());
    }
    String claimed = claims.getClientID().getValue();
    String clientId = form.get("client_id");
    if (clientId != null && !clientId.equals(claimed)) {
      throw refused(ctx, claimed, Rejection.MALFORMED.name(), "client_id is not the client_assertion's sub");
    }
    RequestTokenVerifier verifier = null;
    for (Audience audience : claims.getAudience()) {
      verifier = byAudience.get(audience.getValue());
      if (verifier != null) {
        break;
      }
    }
    if (verifier == null) {
      throw refused(ctx, claimed, Rejection.WRONG_AUDIENCE.name(), "client_assertion aud "
          + claims.getAudience() + " names no URL of this server; expected one of "
          + byAudience.keySet().stream().sorted().toList());
    }
    return switch (verifier.verify(assertion)) {
      case Verification.Valid(VerifiedToken t) -> {
        decisions.accepted(Exchange.of(ctx), t);
        yield new Client(t.principal(), t.keyId(), "private_key_jwt");
      }
      case Verification.Invalid(Rejection reason, String detail) -> throw refused(ctx, claimed, reason.name(), detail);
    };
  }

  private OAuthError refused(Context ctx, @Nullable String principal, String reason, String detail) {
    String name = principal == null ? null : SafeText.escape(principal.length() > 64 ? principal.substring(0, 64) : principal);
    if (decisions.rejected(Exchange.of(ctx), name, null, reason, detail)) {
      log.info("rejection={} client_assertion principal={} path={} source={} request={} detail={}", reason, name,
          SafeText.escape(ctx.path()), RequestIds.source(ctx), RequestIds.of(ctx), SafeText.escape(detail));
    }
    return OAuthError.invalidClient(reason + ": " + detail);
  }
}
