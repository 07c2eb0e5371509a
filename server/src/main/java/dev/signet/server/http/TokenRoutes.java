package dev.signet.server.http;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.registry.Principal;
import dev.signet.server.tokens.TokenIssuer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /oauth/token}: the client-credentials grant (RFC 6749 §4.4) for a client that
 * authenticates with {@code private_key_jwt} or a request token ({@link OAuthClients}), answered
 * with an RFC 9068 access token. {@code scope} is granted only within the principal's scopes (all
 * of them when it is absent; more is {@code invalid_scope}); {@code resource} (RFC 8707, absolute
 * URIs) and {@code audience} set {@code aud}, which is otherwise the issuer. With a {@code DPoP}
 * proof the token is bound to its key ({@code cnf.jkt}, {@code token_type: DPoP}); a principal
 * marked {@code dpop_required} gets no token without one. Never cached.
 */
final class TokenRoutes {
  static final String TOKEN = "/oauth/token";
  static final String INTROSPECT = "/oauth/introspect";
  static final String REVOKE = "/oauth/revoke";
  private static final int MAX_AUDIENCES = 10;
  private static final int MAX_AUDIENCE_LENGTH = 1024;

  private final Supplier<OAuth> oauth;

  TokenRoutes(Supplier<OAuth> oauth) {
    this.oauth = oauth;
  }

  void register(JavalinConfig config) {
    config.routes.post(TOKEN, this::token);
    IntrospectionRoutes status = new IntrospectionRoutes(oauth);
    config.routes.post(INTROSPECT, status::introspect);
    config.routes.post(REVOKE, status::revoke);
  }

  private void token(Context ctx) {
    noStore(ctx);
    OAuth o = oauth.get();
    OAuthForm form = OAuthForm.read(ctx);
    String grantType = form.get("grant_type");
    if (grantType == null) {
      throw OAuthError.invalidRequest("grant_type is required");
    }
    if (!GrantType.CLIENT_CREDENTIALS.getValue().equals(grantType)) {
      throw OAuthError.unsupportedGrantType("only client_credentials is supported");
    }
    try {
      ClientCredentialsGrant.parse(form.parameters());
    } catch (ParseException e) {
      throw OAuthError.malformed("client_credentials grant: " + e.getMessage());
    }
    OAuthClients.Client client = o.clients.authenticate(ctx, form);
    Principal principal = o.principals.principal(client.principal())
        .orElseThrow(() -> OAuthError.invalidClient("principal '" + client.principal() + "' is gone or disabled"));
    Set<String> scopes = scopes(form.get("scope"), principal);
    List<String> audiences = audiences(form, o.issuer.issuer());
    String proof = DpopProofs.header(ctx);
    String jkt = null;
    if (proof != null) {
      jkt = o.dpop.forTokenRequest(proof);
    } else if (principal.dpopRequired()) {
      throw OAuthError.invalidRequest("this client must send a DPoP proof");
    }
    TokenIssuer.Issued issued = o.issuer.issue(new TokenIssuer.Grant(principal.name(), scopes, audiences, jkt));
    // queued, off the request path; the jti is what a revocation names
    o.audit.enqueue(new AuditEvent(o.clock.instant(), RequestIds.of(ctx), principal.name(), AuditAction.TOKEN_ISSUE, principal.name(),
        issued.kid(), AuditEvent.Outcome.SUCCESS, "jti=" + issued.jti() + " via=" + client.method() + " scope=" + issued.scope()
        + (jkt == null ? "" : " dpop"), RequestIds.source(ctx), 1));
    long lifetime = issued.lifetime().toSeconds();
    Scope scope = issued.scope().isEmpty() ? null : Scope.parse(issued.scope());
    AccessToken token = jkt == null
        ? new BearerAccessToken(issued.token(), lifetime, scope)
        : new DPoPAccessToken(issued.token(), lifetime, scope);
    ctx.contentType("application/json").result(new AccessTokenResponse(new Tokens(token, null)).toJSONObject().toJSONString());
  }

  static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
  }

  private static Set<String> scopes(@Nullable String requested, Principal principal) {
    if (requested == null) {
      return principal.scopes();
    }
    Scope scope = Scope.parse(requested);
    Set<String> asked = new LinkedHashSet<>(scope == null ? List.of() : scope.toStringList());
    Set<String> beyond = new LinkedHashSet<>(asked);
    beyond.removeAll(principal.scopes());
    if (!beyond.isEmpty()) {
      throw OAuthError.invalidScope("the requested scope exceeds the client's scopes",
          "principal '" + principal.name() + "' asked for scopes it does not have: " + beyond.size());
    }
    return asked;
  }

  private static List<String> audiences(OAuthForm form, String issuer) {
    List<String> audiences = new ArrayList<>();
    for (String resource : form.all("resource")) {
      URI uri;
      try {
        uri = new URI(resource);
      } catch (URISyntaxException e) {
        throw OAuthError.invalidTarget("resource must be an absolute URI");
      }
      if (!uri.isAbsolute() || uri.getRawFragment() != null) {
        throw OAuthError.invalidTarget("resource must be an absolute URI without a fragment");
      }
      audiences.add(resource);
    }
    audiences.addAll(form.all("audience"));
    if (audiences.size() > MAX_AUDIENCES || audiences.stream().anyMatch(a -> a.length() > MAX_AUDIENCE_LENGTH)) {
      throw OAuthError.invalidRequest("at most " + MAX_AUDIENCES + " audiences of up to " + MAX_AUDIENCE_LENGTH + " characters");
    }
    return audiences.isEmpty() ? List.of(issuer) : List.copyOf(new LinkedHashSet<>(audiences));
  }
}
