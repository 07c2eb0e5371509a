package dev.signet.server.http;

import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.enrollment.EnrollmentCodes;
import dev.signet.server.enrollment.IssuedCode;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.registry.Principal;
import dev.signet.server.registry.PrincipalSpec;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The key registry API (SPEC §4), for principals with the {@code admin} role, authenticated by
 * request tokens: principals, their keys, enrollment codes, and the audit log. A principal with
 * the {@value #KEY_READER_ROLE} role may only read one principal and its keys (what a gateway
 * that verifies request tokens needs), nothing else.
 */
public final class AdminRoutes {
  /** The request attribute holding the authenticated admin {@link Caller}. */
  static final String CALLER = "signet.caller";
  /** The read-only role: {@code GET /admin/principals/{name}} and {@code GET /admin/principals/{name}/keys}. */
  public static final String KEY_READER_ROLE = "key-reader";

  private final Supplier<RequestTokenAuthentication> authentication;
  private final KeyRegistry registry;
  private final EnrollmentCodes enrollments;
  private final AuditLog audit;
  private final Clock clock;

  public AdminRoutes(Supplier<RequestTokenAuthentication> authentication, HttpServer.Services services) {
    this.authentication = authentication;
    this.registry = services.registry();
    this.enrollments = services.enrollments();
    this.audit = services.audit();
    this.clock = services.clock();
  }

  /** A new principal: {@code {"name", "roles", "scopes", "enabled", "jwks_uri", "dpop_required"}}. */
  record NewPrincipal(String name, @Nullable Set<String> roles, @Nullable Set<String> scopes,
      @Nullable Boolean enabled, @Nullable URI jwksUri, @Nullable Boolean dpopRequired) {}

  /** Changes to a principal; absent fields stay as they are ({@code "jwks_uri": ""} removes it). */
  record PrincipalChange(@Nullable Set<String> roles, @Nullable Set<String> scopes, @Nullable Boolean enabled,
      @Nullable String jwksUri, @Nullable Boolean dpopRequired) {}

  record NewEnrollment(@Nullable Duration ttl) {}

  record KeyChange(@Nullable Boolean disabled) {}

  public void register(JavalinConfig config) {
    config.routes.before("/admin/*", this::requireAdmin);
    config.routes.before("/admin", this::requireAdmin);
    config.routes.post("/admin/principals", this::createPrincipal);
    AdminLists lists = new AdminLists(authentication, registry, enrollments, audit, clock);
    config.routes.get("/admin/principals", lists::principals);
    config.routes.get("/admin/principals/{name}", ctx -> ctx.json(Views.PrincipalView.of(principal(ctx))));
    config.routes.patch("/admin/principals/{name}", this::updatePrincipal);
    config.routes.delete("/admin/principals/{name}", ctx -> {
      refuseSelfLockout(ctx, "delete itself");
      registry.deletePrincipal(ctx.pathParam("name"), actor(ctx));
      ctx.status(204);
    });
    config.routes.post("/admin/principals/{name}/keys", ctx -> {
      KeyInput input = Json.read(ctx, KeyInput.class);
      ctx.status(201).json(Views.KeyView.of(registry.addKey(ctx.pathParam("name"), input.registration(), actor(ctx))));
    });
    config.routes.get("/admin/principals/{name}/keys", ctx -> lists.keys(ctx, principal(ctx).name()));
    config.routes.patch("/admin/principals/{name}/keys/<kid>", this::changeKey);
    config.routes.delete("/admin/principals/{name}/keys/<kid>", ctx -> {
      registry.deleteKey(ctx.pathParam("name"), ctx.pathParam("kid"), actor(ctx));
      ctx.status(204);
    });
    config.routes.get("/admin/keys/{thumbprint}", ctx -> {
      String thumbprint = ctx.pathParam("thumbprint");
      ctx.json(Views.KeyView.of(registry.keyByThumbprint(thumbprint)
          .orElseThrow(() -> ApiException.notFound("no principal holds a key with thumbprint '" + thumbprint + "'"))));
    });
    config.routes.post("/admin/principals/{name}/enrollments", this::createEnrollment);
    config.routes.get("/admin/principals/{name}/enrollments", ctx -> lists.enrollments(ctx, principal(ctx).name()));
    config.routes.delete("/admin/principals/{name}/enrollments/{id}", ctx ->
        ctx.json(Views.EnrollmentView.of(enrollments.revoke(ctx.pathParam("name"), id(ctx), actor(ctx)), clock.instant())));
    config.routes.get("/admin/audit", lists::audit);
  }

  private void requireAdmin(Context ctx) {
    RequestTokenAuthentication authenticator = authentication.get();
    Caller caller = authenticator.authenticateForThisServer(ctx);
    Principal principal = registry.principal(caller.principal()).orElse(null);
    if (principal == null || !(principal.hasRole("admin") || (principal.hasRole(KEY_READER_ROLE) && isKeyRead(ctx)))) {
      throw authenticator.forbidden(ctx, caller, "principal '" + caller.principal() + "' lacks the admin role for "
          + ctx.method() + " " + ctx.path() + (principal != null && principal.hasRole(KEY_READER_ROLE)
          ? " (key-reader may only GET /admin/principals/{name} and its /keys)" : ""));
    }
    ctx.attribute(CALLER, caller);
  }

  /** {@code GET /admin/principals/{name}} or {@code GET /admin/principals/{name}/keys}: what a key reader may do. */
  private static boolean isKeyRead(Context ctx) {
    if (!HandlerType.GET.equals(ctx.method())) {
      return false;
    }
    String prefix = "/admin/principals/";
    String path = ctx.path();
    if (!path.startsWith(prefix)) {
      return false;
    }
    String rest = path.substring(prefix.length()); // {name} or {name}/keys
    String name = rest.endsWith("/keys") ? rest.substring(0, rest.length() - "/keys".length()) : rest;
    return !name.isEmpty() && name.indexOf('/') < 0;
  }

  /** An admin acting on itself cannot take away its own access: the registry would be locked until a restart. */
  private static void refuseSelfLockout(Context ctx, String what) {
    Caller caller = ctx.attribute(CALLER);
    if (caller != null && caller.principal().equals(ctx.pathParam("name"))) {
      throw ApiException.conflict("an admin cannot " + what + "; another admin must do it");
    }
  }

  private Actor actor(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) { // every admin route is authenticated before it runs
      throw new IllegalStateException("admin route " + ctx.path() + " reached without an authenticated caller");
    }
    return Actor.of(caller.principal(), RequestIds.of(ctx), RequestIds.source(ctx));
  }

  private Principal principal(Context ctx) {
    String name = ctx.pathParam("name");
    return registry.principal(name).orElseThrow(() -> ApiException.notFound("no principal named '" + name + "'"));
  }

  private void createPrincipal(Context ctx) {
    NewPrincipal in = Json.read(ctx, NewPrincipal.class);
    if (in.name() == null) {
      throw ApiException.badRequest("field 'name' is required");
    }
    PrincipalSpec spec = PrincipalSpec.named(in.name())
        .withRoles(in.roles() == null ? Set.of() : in.roles())
        .withScopes(in.scopes() == null ? Set.of() : in.scopes())
        .withEnabled(in.enabled() == null || in.enabled())
        .withJwksUri(in.jwksUri())
        .withDpopRequired(Boolean.TRUE.equals(in.dpopRequired()));
    ctx.status(201).json(Views.PrincipalView.of(registry.createPrincipal(spec, actor(ctx))));
  }

  private void updatePrincipal(Context ctx) {
    PrincipalChange in = Json.read(ctx, PrincipalChange.class);
    if ((in.roles() != null && !in.roles().contains("admin")) || Boolean.FALSE.equals(in.enabled())) {
      refuseSelfLockout(ctx, "remove its own admin role or disable itself");
    }
    Principal updated = registry.updatePrincipal(ctx.pathParam("name"), spec -> {
      PrincipalSpec s = spec;
      if (in.roles() != null) {
        s = s.withRoles(in.roles());
      }
      if (in.scopes() != null) {
        s = s.withScopes(in.scopes());
      }
      if (in.enabled() != null) {
        s = s.withEnabled(in.enabled());
      }
      if (in.jwksUri() != null) {
        s = s.withJwksUri(in.jwksUri().isEmpty() ? null : uri(in.jwksUri()));
      }
      if (in.dpopRequired() != null) {
        s = s.withDpopRequired(in.dpopRequired());
      }
      return s;
    }, actor(ctx));
    ctx.json(Views.PrincipalView.of(updated));
  }

  private void changeKey(Context ctx) {
    KeyChange in = Json.read(ctx, KeyChange.class);
    if (in.disabled() == null) {
      throw ApiException.badRequest("field 'disabled' is required");
    }
    String name = ctx.pathParam("name");
    String kid = ctx.pathParam("kid");
    registry.setKeyDisabled(name, kid, in.disabled(), actor(ctx));
    ctx.json(Views.KeyView.of(registry.key(name, kid).orElseThrow(() -> ApiException.notFound("no key '" + kid + "'"))));
  }

  private void createEnrollment(Context ctx) {
    NewEnrollment in = Bodies.bytes(ctx).length == 0 ? new NewEnrollment(null) : Json.read(ctx, NewEnrollment.class);
    String name = principal(ctx).name();
    Duration ttl = in.ttl();
    if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(EnrollmentCodes.MAX_TTL) > 0)) {
      throw ApiException.badRequest("field 'ttl' must be a positive duration of at most " + EnrollmentCodes.MAX_TTL + ", not " + ttl);
    }
    IssuedCode issued = ttl == null ? enrollments.issue(name, actor(ctx)) : enrollments.issue(name, ttl, actor(ctx));
    ctx.status(201).json(new Views.IssuedCodeView(issued.code(), issued.enrollment().id(), name, issued.enrollment().expiresAt()));
  }

  private static long id(Context ctx) {
    return integer(ctx.pathParam("id"), "enrollment id", 1, Integer.MAX_VALUE);
  }

  static int integer(String text, String what, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest(what + " must be a number from " + min + " to " + max);
  }

  private static URI uri(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw ApiException.badRequest("field 'jwks_uri' is not a URI");
    }
  }

}
