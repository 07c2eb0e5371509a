package dev.signet.spring.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Grants a caller Signet verified the {@code SCOPE_} authorities of its scopes. It verifies
 * nothing itself: the engine did, in the filter, before this is asked.
 */
final class SignetAuthenticationProvider implements AuthenticationProvider {
  @Override
  public Authentication authenticate(Authentication authentication) {
    return SignetAuthentication.of(((SignetAuthentication) authentication).getPrincipal());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return SignetAuthentication.class.isAssignableFrom(authentication);
  }
}
