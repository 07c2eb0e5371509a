package dev.signet.spring.security;

import dev.signet.web.AccessRules;
import dev.signet.web.ResourceServer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Puts Signet into an {@link HttpSecurity}: the verification filter (before Spring's own
 * authentication filters), Signet's answers to Spring Security's refusals (as defaults: an entry
 * point or access-denied handler the chain sets itself wins), and no CSRF check on requests that
 * carry an {@code Authorization} header (a token is no ambient credential a browser would send).
 *
 * <p>The starter applies it to every {@code SecurityFilterChain} the application builds (a
 * {@code Customizer<HttpSecurity>} bean), so {@code http.authorizeHttpRequests(...)} and
 * {@code @PreAuthorize} see Signet's callers with nothing more to write. A chain that must not
 * take Signet's tokens removes it: {@code http.removeConfigurer(SignetHttpConfigurer.class)}.
 */
public final class SignetHttpConfigurer extends AbstractHttpConfigurer<SignetHttpConfigurer, HttpSecurity> {
  private static final RequestMatcher HAS_AUTHORIZATION = request -> request.getHeader("Authorization") != null;

  private final ResourceServer resourceServer;
  private final AccessRules rules;
  private final AuthenticationManagerResolver<HttpServletRequest> managers;

  public SignetHttpConfigurer(ResourceServer resourceServer, AccessRules rules, AuthenticationManagerResolver<HttpServletRequest> managers) {
    this.resourceServer = Objects.requireNonNull(resourceServer, "resourceServer");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.managers = Objects.requireNonNull(managers, "managers");
  }

  @Override
  @SuppressWarnings("unchecked")
  public void init(HttpSecurity http) {
    SignetRefusals refusals = new SignetRefusals(resourceServer, rules, getSecurityContextHolderStrategy());
    ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      exceptions.defaultAuthenticationEntryPointFor(refusals, AnyRequestMatcher.INSTANCE);
      exceptions.defaultAccessDeniedHandlerFor(refusals, AnyRequestMatcher.INSTANCE);
    }
    CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
    if (csrf != null) {
      csrf.ignoringRequestMatchers(HAS_AUTHORIZATION);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    SignetAuthenticationFilter filter = new SignetAuthenticationFilter(resourceServer, rules, managers, getSecurityContextHolderStrategy());
    http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
  }
}
