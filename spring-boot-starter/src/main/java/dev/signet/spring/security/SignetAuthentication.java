package dev.signet.spring.security;

import dev.signet.web.Identity;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller Signet verified, as Spring Security sees it: the principal is the {@link Identity}
 * ({@code @AuthenticationPrincipal Identity who}), {@link #getName()} its principal name, and the
 * authorities are {@code SCOPE_} plus each granted scope, as with Spring's own resource server
 * ({@code hasAuthority('SCOPE_orders:read')}). The token is not kept: {@link #getCredentials()}
 * is null.
 */
public final class SignetAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The prefix of the authority each scope becomes. */
  public static final String SCOPE_PREFIX = "SCOPE_";

  private final Identity identity;

  private SignetAuthentication(Identity identity, Collection<? extends GrantedAuthority> authorities, boolean authenticated) {
    super(authorities);
    this.identity = Objects.requireNonNull(identity, "identity");
    super.setAuthenticated(authenticated);
  }

  /**
   * A caller Signet verified, before an {@code AuthenticationManager} grants it authorities: what
   * the filter hands to the manager that {@code signetAuthenticationManagerResolver} resolves
   * (the default one grants {@link #scopeAuthorities}).
   */
  public static SignetAuthentication unauthenticated(Identity identity) {
    return new SignetAuthentication(identity, List.of(), false);
  }

  /** A verified caller with the authorities of its scopes. */
  public static SignetAuthentication of(Identity identity) {
    return of(identity, scopeAuthorities(identity));
  }

  /** A verified caller with the given authorities (a mapping of its own: roles from claims…). */
  public static SignetAuthentication of(Identity identity, Collection<? extends GrantedAuthority> authorities) {
    return new SignetAuthentication(identity, authorities, true);
  }

  /** {@code SCOPE_x} for each scope {@code x} the caller was granted. */
  public static List<GrantedAuthority> scopeAuthorities(Identity identity) {
    return identity.scopes().stream().<GrantedAuthority>map(s -> new SimpleGrantedAuthority(SCOPE_PREFIX + s)).toList();
  }

  @Override
  public Identity getPrincipal() {
    return identity;
  }

  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  @Override
  public void setAuthenticated(boolean authenticated) {
    if (authenticated) {
      throw new IllegalArgumentException("a SignetAuthentication is made authenticated by SignetAuthentication.of, nothing else");
    }
    super.setAuthenticated(false);
  }
}
