package dev.signet.spring.security;

import dev.signet.web.Access;
import dev.signet.web.AccessRules;
import dev.signet.web.ResourceServer;
import dev.signet.web.servlet.ServletIncomingRequest;
import dev.signet.web.servlet.SignetFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * Spring Security's own refusals, answered as Signet's engine answers: an anonymous caller its
 * rules refuse gets the route's 401 (every challenge, {@code invalid_token}); a Signet-verified
 * caller they refuse gets 403 {@code insufficient_scope} naming the scopes the rule asked for
 * ({@link DeniedScopes}). A refusal of any other caller (a session login of the same
 * application) is left to Spring's plain 403.
 */
final class SignetRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {
  private final ResourceServer resourceServer;
  private final AccessRules rules;
  private final SecurityContextHolderStrategy contexts;
  private final AccessDeniedHandler others = new AccessDeniedHandlerImpl();

  SignetRefusals(ResourceServer resourceServer, AccessRules rules, SecurityContextHolderStrategy contexts) {
    this.resourceServer = resourceServer;
    this.rules = rules;
    this.contexts = contexts;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) throws IOException {
    ServletIncomingRequest incoming = new ServletIncomingRequest(request);
    Access access = rules.accessFor(request.getMethod(), incoming.path()).filter(a -> !a.isPublic()).orElse(Access.authenticated());
    SignetFilter.write(response, resourceServer.refuseUnauthenticated(incoming, access, "Spring Security: " + refused.getMessage()));
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException, ServletException {
    Authentication caller = contexts.getContext().getAuthentication();
    if (!(caller instanceof SignetAuthentication signet)) {
      others.handle(request, response, denied);
      return;
    }
    SignetFilter.write(response, resourceServer.refuseInsufficientScope(new ServletIncomingRequest(request), signet.getPrincipal(),
        DeniedScopes.of(denied), "Spring Security: " + denied.getMessage()));
  }
}
