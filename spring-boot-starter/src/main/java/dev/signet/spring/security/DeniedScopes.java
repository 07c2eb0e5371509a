package dev.signet.spring.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scopes a Spring Security refusal asked for, for the {@code scope} of the 403 challenge:
 * the {@code SCOPE_} authorities of an authority decision ({@code hasAuthority},
 * {@code hasAnyAuthority}, {@code hasAllAuthorities}), or the {@code 'SCOPE_…'} literals of a
 * {@code @PreAuthorize} expression. Empty when the refusal says nothing about scopes
 * ({@code hasRole}, a custom manager); a name that could not be a scope is left out.
 */
final class DeniedScopes {
  private DeniedScopes() {}

  static Set<String> of(AccessDeniedException denied) {
    Set<String> scopes = new LinkedHashSet<>();
    if (denied instanceof AuthorizationDeniedException authorization) {
      AuthorizationResult result = authorization.getAuthorizationResult();
      if (result instanceof AuthorityAuthorizationDecision decision) {
        addAuthorities(scopes, decision.getAuthorities());
      } else if (result instanceof ExpressionAuthorizationDecision decision) {
        addLiterals(scopes, decision.getExpression().getExpressionString());
      }
    }
    return scopes;
  }

  private static void addAuthorities(Set<String> scopes, Collection<GrantedAuthority> authorities) {
    for (GrantedAuthority authority : authorities) {
      String name = authority.getAuthority();
      if (name != null && name.startsWith(SignetAuthentication.SCOPE_PREFIX)) {
        add(scopes, name.substring(SignetAuthentication.SCOPE_PREFIX.length()));
      }
    }
  }

  /** Each {@code 'SCOPE_x'} or {@code "SCOPE_x"} in the expression (the application's own text, not a client's). */
  private static void addLiterals(Set<String> scopes, String expression) {
    for (int at = expression.indexOf(SignetAuthentication.SCOPE_PREFIX); at >= 0; at = expression.indexOf(SignetAuthentication.SCOPE_PREFIX, at + 1)) {
      char quote = at > 0 ? expression.charAt(at - 1) : ' ';
      int end = expression.indexOf(quote, at);
      if ((quote == '\'' || quote == '"') && end > at) {
        add(scopes, expression.substring(at + SignetAuthentication.SCOPE_PREFIX.length(), end));
      }
    }
  }

  private static void add(Set<String> scopes, String scope) {
    if (!scope.isEmpty() && scope.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '"' && c != '\\')) {
      scopes.add(scope);
    }
  }
}
