package dev.signet.server.http;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import dev.signet.VerifiedToken;
import dev.signet.server.audit.Actor;
import dev.signet.server.tokens.IssuedTokens;
import io.javalin.http.Context;
import java.util.Date;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /oauth/introspect} (RFC 7662) and {@code POST /oauth/revoke} (RFC 7009), the client
 * authenticated as at the token endpoint.
 *
 * <p>Introspection answers {@code active: true}, with the token's claims and {@code cnf} when it is
 * DPoP-bound, only for an unexpired, unrevoked access token this server issued under a key it
 * publishes now; for anything else exactly {@code {"active": false}}. Any authenticated client may
 * introspect (as with Keycloak and Spring Authorization Server).
 *
 * <p>Revocation: a client revokes its own tokens, a principal with the {@code admin} role any.
 * The answer is 200 for a token that is not active too (RFC 7009 §2.2); a client naming another's
 * token gets {@code unauthorized_client}.
 */
final class IntrospectionRoutes {
  private static final Logger log = LoggerFactory.getLogger(IntrospectionRoutes.class);
  private static final String INACTIVE = "{\"active\":false}";

  private final Supplier<OAuth> oauth;

  IntrospectionRoutes(Supplier<OAuth> oauth) {
    this.oauth = oauth;
  }

  void introspect(Context ctx) {
    TokenRoutes.noStore(ctx);
    OAuth o = oauth.get();
    OAuthForm form = OAuthForm.read(ctx);
    OAuthClients.Client client = o.clients.authenticate(ctx, form);
    String token = required(form);
    IssuedTokens.Check check = o.issued.check(token);
    if (!(check instanceof IssuedTokens.Check.Active(VerifiedToken t, String jkt))) {
      IssuedTokens.Check.Inactive inactive = (IssuedTokens.Check.Inactive) check;
      log.debug("introspection by {}: inactive ({}: {})", client.principal(), inactive.reason(), inactive.detail());
      ctx.contentType("application/json").result(INACTIVE);
      return;
    }
    TokenIntrospectionSuccessResponse.Builder answer = new TokenIntrospectionSuccessResponse.Builder(true)
        .tokenType(jkt == null ? AccessTokenType.BEARER : AccessTokenType.DPOP)
        .clientID(new ClientID(t.claims().string("client_id").orElse(t.principal())))
        .subject(new Subject(t.principal()))
        .issuer(new Issuer(o.issuer.issuer()))
        .audience(t.claims().audience().stream().map(Audience::new).toList())
        .issueTime(Date.from(t.issuedAt()))
        .expirationTime(Date.from(t.expiresAt()))
        .jwtID(new JWTID(t.tokenId()));
    String scope = t.claims().string("scope").orElse("");
    if (!scope.isEmpty()) {
      answer.scope(Scope.parse(scope));
    }
    if (jkt != null) {
      answer.jwkThumbprintConfirmation(new JWKThumbprintConfirmation(new Base64URL(jkt)));
    }
    ctx.contentType("application/json").result(answer.build().toJSONObject().toJSONString());
  }

  void revoke(Context ctx) {
    TokenRoutes.noStore(ctx);
    OAuth o = oauth.get();
    OAuthForm form = OAuthForm.read(ctx);
    OAuthClients.Client client = o.clients.authenticate(ctx, form);
    String token = required(form);
    if (o.issued.check(token) instanceof IssuedTokens.Check.Active(VerifiedToken t, String jkt)) {
      if (!t.principal().equals(client.principal()) && !isAdmin(o, client.principal())) {
        throw OAuthError.unauthorizedClient("principal '" + client.principal() + "' tried to revoke a token of '" + t.principal() + "'");
      }
      o.issued.revocations().revoke(t.tokenId(), t.principal(), t.expiresAt(),
          Actor.of(client.principal(), RequestIds.of(ctx), RequestIds.source(ctx)));
      log.info("access token revoked: jti={} principal={} by={}", t.tokenId(), t.principal(), client.principal());
    }
    ctx.status(200);
  }

  private static boolean isAdmin(OAuth o, String principal) {
    return o.principals.principal(principal).map(p -> p.hasRole("admin")).orElse(false);
  }

  private static String required(OAuthForm form) {
    String token = form.get("token");
    if (token == null) {
      throw OAuthError.invalidRequest("token is required");
    }
    return token;
  }

}
