package dev.signet.server.http;

import dev.signet.server.registry.CachedPrincipalKeys;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Who the caller of {@code /whoami} is: by an access token issued here ({@link
 * AccessTokenAuthentication}) or by a request token ({@link RequestTokenAuthentication}), for the
 * Javalin routes ({@link PrincipalRoutes}) and the Jetty core handler of {@code GET /whoami}
 * ({@link WhoamiHandler}) alike.
 */
final class Whoami {
  private final Supplier<RequestTokenAuthentication> authentication;
  private final Supplier<OAuth> oauth;
  private final CachedPrincipalKeys principals;

  Whoami(Supplier<RequestTokenAuthentication> authentication, Supplier<OAuth> oauth, CachedPrincipalKeys principals) {
    this.authentication = authentication;
    this.oauth = oauth;
    this.principals = principals;
  }

  /**
   * The caller, by the token the request presents ({@code accessToken}: {@link
   * AccessTokenAuthentication#presented}).
   *
   * @throws ApiException 401 when refused (challenging {@code Bearer} and {@code DPoP} too when
   *     {@code accessToken})
   */
  Caller authenticate(Exchange ex, boolean accessToken) {
    return accessToken ? AccessTokenAuthentication.authenticate(ex, oauth.get()) : authentication.get().authenticate(ex, false);
  }

  /** The answer: for an access token the scopes it grants, for a request token the principal's (cached with its keys). */
  Views.WhoamiView view(Caller caller, @Nullable Object payload) {
    String scope = caller.method().equals("access-token") ? String.join(" ", new TreeSet<>(caller.scopes()))
        : principals.scopesOf(caller.principal()).map(s -> String.join(" ", s)).orElse("");
    return new Views.WhoamiView(caller.principal(), caller.kid(), caller.method(), scope, payload);
  }
}
