package dev.signet.web.javalin;

import dev.signet.web.Access;
import dev.signet.web.AccessRules;
import dev.signet.web.Decision;
import dev.signet.web.Identity;
import dev.signet.web.IncomingRequest;
import dev.signet.web.ResourceServer;
import dev.signet.web.servlet.ServletIncomingRequest;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Javalin 7 plugin that lets a request reach its route only when the {@link ResourceServer} says
 * so. What a route asks comes from its {@link SignetRole}s, else from the plugin's
 * {@link AccessRules}; by default every route, static files included, needs a valid credential.
 *
 * {@snippet :
 * Javalin app = Javalin.create(config -> {
 *   config.registerPlugin(new SignetPlugin(resourceServer));
 *   config.routes.get("/health", ctx -> ctx.result("ok"), SignetRole.publicRoute());
 *   config.routes.get("/orders", ctx -> ctx.json(orders.of(SignetPlugin.identity(ctx).orElseThrow().principal())),
 *       SignetRole.scopes("orders:read"));
 * });
 * }
 *
 * <p>It runs as a {@code beforeMatched} handler: a refused request is answered there and its
 * route never runs; a request that matches nothing stays a 404. The verified caller is
 * {@link #identity(Context)} (the context attribute {@link #IDENTITY_ATTRIBUTE}).
 */
public final class SignetPlugin extends Plugin<Void> {
  /** The context attribute holding the caller's {@link Identity}. */
  public static final String IDENTITY_ATTRIBUTE = Identity.class.getName();

  private final ResourceServer resourceServer;
  private final AccessRules rules;

  /** Every route without a {@link SignetRole} needs a valid credential. */
  public SignetPlugin(ResourceServer resourceServer) {
    this(resourceServer, AccessRules.authenticatedEverywhere());
  }

  /** Routes without a {@link SignetRole} ask what {@code rules} say for their path. */
  public SignetPlugin(ResourceServer resourceServer, AccessRules rules) {
    this.resourceServer = Objects.requireNonNull(resourceServer, "resourceServer");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** The verified caller of this request; empty on a public route. */
  public static Optional<Identity> identity(Context ctx) {
    return ctx.attribute(IDENTITY_ATTRIBUTE) instanceof Identity identity ? Optional.of(identity) : Optional.empty();
  }

  @Override
  public void onStart(JavalinState state) {
    state.routes.beforeMatched(this::handle);
  }

  private void handle(Context ctx) {
    IncomingRequest request = new JavalinRequest(ctx);
    Access access = fromRoles(ctx.routeRoles());
    Decision decision = access == null ? resourceServer.authenticate(request, rules) : resourceServer.authenticate(request, access);
    switch (decision) {
      case Decision.Public p -> {}
      case Decision.Authenticated(Identity identity) -> ctx.attribute(IDENTITY_ATTRIBUTE, identity);
      case Decision.Refused refused -> {
        ctx.status(refused.status());
        for (Decision.Header header : refused.headers()) {
          ctx.res().addHeader(header.name(), header.value());
        }
        ctx.result(refused.body());
        ctx.skipRemainingHandlers();
      }
    }
  }

  private static @Nullable Access fromRoles(java.util.Set<RouteRole> roles) {
    Access access = null;
    for (RouteRole role : roles) {
      if (role instanceof SignetRole(Access a)) {
        access = access == null ? a : access.and(a);
      }
    }
    return access;
  }

  @Override
  public String name() {
    return "SignetPlugin";
  }

  /** Javalin's request, its body read through Javalin so that the route can read it again. */
  private static final class JavalinRequest implements IncomingRequest {
    private final Context ctx;
    private final ServletIncomingRequest servlet;

    JavalinRequest(Context ctx) {
      this.ctx = ctx;
      this.servlet = new ServletIncomingRequest(ctx.req());
    }

    @Override
    public String method() {
      return servlet.method();
    }

    @Override
    public String path() {
      return servlet.path();
    }

    @Override
    public String rawPath() {
      return servlet.rawPath();
    }

    @Override
    public @Nullable String rawQuery() {
      return servlet.rawQuery();
    }

    @Override
    public List<String> headers(String name) {
      return servlet.headers(name);
    }

    @Override
    public String remoteAddress() {
      return servlet.remoteAddress();
    }

    @Override
    public String scheme() {
      return servlet.scheme();
    }

    @Override
    public Optional<byte[]> body(int maxBytes) throws IOException {
      if (ctx.req().getContentLengthLong() > maxBytes) {
        return Optional.empty();
      }
      byte[] body;
      try {
        body = ctx.bodyAsBytes();
      } catch (RuntimeException e) { // Javalin refuses a body over its own maxRequestSize
        return Optional.empty();
      }
      return body.length > maxBytes ? Optional.empty() : Optional.of(body);
    }
  }
}
