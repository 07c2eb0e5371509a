package dev.signet.web.servlet;

import dev.signet.web.AccessRules;
import dev.signet.web.Decision;
import dev.signet.web.Identity;
import dev.signet.web.ResourceServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * A Jakarta Servlet filter (Jetty, Tomcat, any Servlet 6 container) that lets a request through
 * only when the {@link ResourceServer} says so, by the {@link AccessRules} its path and method
 * match; every path needs a valid credential unless a rule makes it public.
 *
 * {@snippet :
 * ResourceServer resourceServer = ResourceServer.builder(URI.create("https://api.example.com"))
 *     .trust(TrustedIssuer.builder("https://auth.example.com").audience("orders-api").build())
 *     .build();
 * AccessRules rules = AccessRules.builder().publicPaths("/health").rule("/orders/**", Access.scopes("orders:read")).build();
 * context.addFilter(new FilterHolder(new SignetFilter(resourceServer, rules)), "/*", EnumSet.of(DispatcherType.REQUEST));
 * // in a servlet:
 * Identity who = SignetFilter.identity(request).orElseThrow();
 * }
 *
 * <p>A verified caller reaches the application as {@link #identity}, as the request attribute
 * {@link #IDENTITY_ATTRIBUTE}, and as {@code getUserPrincipal()} / {@code getRemoteUser()} /
 * {@code getAuthType()} (the scheme: {@code Bearer}, {@code DPoP}, {@code JWT}). A refused request
 * is answered by the filter and never reaches the application. Map it to {@code /*} for the
 * {@code REQUEST} dispatch. Thread-safe.
 */
public final class SignetFilter implements Filter {
  /** The request attribute holding the caller's {@link Identity}. */
  public static final String IDENTITY_ATTRIBUTE = Identity.class.getName();

  private final ResourceServer resourceServer;
  private final AccessRules rules;

  /** A filter that requires a valid credential on every path. */
  public SignetFilter(ResourceServer resourceServer) {
    this(resourceServer, AccessRules.authenticatedEverywhere());
  }

  public SignetFilter(ResourceServer resourceServer, AccessRules rules) {
    this.resourceServer = Objects.requireNonNull(resourceServer, "resourceServer");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** The verified caller of {@code request}; empty on a public path. */
  public static Optional<Identity> identity(ServletRequest request) {
    return request.getAttribute(IDENTITY_ATTRIBUTE) instanceof Identity identity ? Optional.of(identity) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse response)) {
      throw new ServletException("SignetFilter serves HTTP requests only");
    }
    ServletIncomingRequest incoming = new ServletIncomingRequest(http);
    switch (resourceServer.authenticate(incoming, rules)) {
      case Decision.Public p -> chain.doFilter(incoming.forward(), response);
      case Decision.Authenticated(Identity identity) -> {
        http.setAttribute(IDENTITY_ATTRIBUTE, identity);
        chain.doFilter(new Authenticated(incoming.forward(), identity), response);
      }
      case Decision.Refused refused -> write(response, refused);
    }
  }

  /** Writes a refusal as it is: status, headers, JSON body. */
  public static void write(HttpServletResponse response, Decision.Refused refused) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(refused.status());
    for (Decision.Header header : refused.headers()) {
      response.addHeader(header.name(), header.value());
    }
    byte[] body = refused.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public String toString() {
    return "SignetFilter[" + resourceServer + ", " + rules + "]";
  }

  /** The request as the application sees it: the caller as its user principal. */
  private static final class Authenticated extends HttpServletRequestWrapper {
    private final Identity identity;

    Authenticated(HttpServletRequest request, Identity identity) {
      super(request);
      this.identity = identity;
    }

    @Override
    public Principal getUserPrincipal() {
      return identity;
    }

    @Override
    public String getRemoteUser() {
      return identity.principal();
    }

    @Override
    public String getAuthType() {
      return identity.credential().scheme();
    }
  }
}
