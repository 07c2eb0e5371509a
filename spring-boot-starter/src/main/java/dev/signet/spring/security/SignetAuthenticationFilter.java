package dev.signet.spring.security;

import dev.signet.web.AccessRules;
import dev.signet.web.Decision;
import dev.signet.web.Identity;
import dev.signet.web.ResourceServer;
import dev.signet.web.servlet.ServletIncomingRequest;
import dev.signet.web.servlet.SignetFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signet's engine in Spring Security's filter chain. A path that {@code signet.*} makes public
 * passes untouched (anonymous, for Spring's own rules to judge); on any other the request's
 * credential is verified by the {@link ResourceServer}: a refusal is answered here as the engine
 * wrote it (401, 403 {@code insufficient_scope}, 400, 503); a verified caller becomes the
 * request's {@link SignetAuthentication}, kept in the request (never in a session), and the
 * {@link Identity} the request attribute {@link SignetFilter#IDENTITY_ATTRIBUTE}.
 */
final class SignetAuthenticationFilter extends OncePerRequestFilter {
  private final ResourceServer resourceServer;
  private final AccessRules rules;
  private final AuthenticationManagerResolver<HttpServletRequest> managers;
  private final SecurityContextHolderStrategy contexts;
  private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

  SignetAuthenticationFilter(ResourceServer resourceServer, AccessRules rules, AuthenticationManagerResolver<HttpServletRequest> managers,
      SecurityContextHolderStrategy contexts) {
    this.resourceServer = resourceServer;
    this.rules = rules;
    this.managers = managers;
    this.contexts = contexts;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
    ServletIncomingRequest incoming = new ServletIncomingRequest(request);
    switch (resourceServer.authenticate(incoming, rules)) {
      case Decision.Public p -> chain.doFilter(incoming.forward(), response);
      case Decision.Authenticated(Identity identity) -> {
        Authentication authentication;
        try {
          authentication = managers.resolve(request).authenticate(SignetAuthentication.unauthenticated(identity));
        } catch (AuthenticationException e) {
          contexts.clearContext();
          SignetFilter.write(response, resourceServer.refuseUnauthenticated(incoming, rules.accessFor(request.getMethod(), incoming.path())
              .orElseThrow(), "the authentication manager refused principal '" + identity.principal() + "': " + e.getMessage()));
          return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        request.setAttribute(SignetFilter.IDENTITY_ATTRIBUTE, identity);
        chain.doFilter(incoming.forward(), response);
      }
      case Decision.Refused refused -> {
        contexts.clearContext();
        SignetFilter.write(response, refused);
      }
    }
  }
}
