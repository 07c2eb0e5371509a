package dev.signet.server.http;

import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEntry;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.audit.AuditQuery;
import dev.signet.server.enrollment.Enrollment;
import dev.signet.server.enrollment.EnrollmentCodes;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.registry.Principal;
import dev.signet.server.registry.RegisteredKey;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The registry's lists, each {@linkplain Pages paginated}: principals by name, a principal's keys
 * oldest first, its enrollments and the audit log newest first. The callers are admins (or a
 * principal listing its own keys); {@link AdminRoutes} checks that first.
 */
final class AdminLists {
  private final Supplier<RequestTokenAuthentication> authentication;
  private final KeyRegistry registry;
  private final EnrollmentCodes enrollments;
  private final AuditLog audit;
  private final Clock clock;

  AdminLists(Supplier<RequestTokenAuthentication> authentication, KeyRegistry registry, EnrollmentCodes enrollments,
      AuditLog audit, Clock clock) {
    this.authentication = authentication;
    this.registry = registry;
    this.enrollments = enrollments;
    this.audit = audit;
    this.clock = clock;
  }

  void principals(Context ctx) {
    int limit = Pages.limit(ctx);
    List<String> after = Pages.cursor(ctx, "principals", 1);
    List<Principal> fetched = registry.principals(after == null ? null : after.getFirst(), limit + 1);
    Pages.answer(ctx, origins(), "principals", fetched, limit, p -> List.of(p.name()), Views.PrincipalView::of);
  }

  void keys(Context ctx, String principal) {
    int limit = Pages.limit(ctx);
    List<String> after = Pages.cursor(ctx, "keys", 2);
    KeyRegistry.KeyPosition position = after == null ? null : new KeyRegistry.KeyPosition(Pages.instant(after.get(0)), after.get(1));
    List<RegisteredKey> fetched = registry.keys(principal, position, limit + 1);
    Pages.answer(ctx, origins(), "keys", fetched, limit, k -> List.of(k.createdAt().toString(), k.kid()), Views.KeyView::of);
  }

  void enrollments(Context ctx, String principal) {
    int limit = Pages.limit(ctx);
    List<String> after = Pages.cursor(ctx, "enrollments", 2);
    EnrollmentCodes.Position position = after == null ? null
        : new EnrollmentCodes.Position(Pages.instant(after.get(0)), Pages.number(after.get(1)));
    List<Enrollment> fetched = enrollments.enrollments(principal, position, limit + 1);
    Instant now = clock.instant();
    Pages.answer(ctx, origins(), "enrollments", fetched, limit, e -> List.of(e.createdAt().toString(), Long.toString(e.id())),
        e -> Views.EnrollmentView.of(e, now));
  }

  /** {@code ?principal=…&action=…&since=…&limit=…&cursor=…}, newest first. */
  void audit(Context ctx) {
    String principal = ctx.queryParam("principal");
    AuditQuery query = principal == null || principal.isBlank() ? AuditQuery.all() : AuditQuery.of(principal);
    String action = ctx.queryParam("action");
    if (action != null) {
      query = query.withAction(AuditAction.fromCode(action).orElseThrow(() -> ApiException.badRequest("unknown action '" + action + "'")));
    }
    String since = ctx.queryParam("since");
    if (since != null) {
      try {
        query = query.withSince(Instant.parse(since));
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("'since' must be an ISO-8601 instant like 2026-01-01T00:00:00Z");
      }
    }
    int limit = Pages.limit(ctx);
    List<String> after = Pages.cursor(ctx, "audit", 2);
    if (after != null) {
      query = query.withAfter(new AuditQuery.Position(Pages.instant(after.get(0)), Pages.number(after.get(1))));
    }
    List<AuditEntry> fetched = audit.entries(query.withLimit(limit + 1));
    Pages.answer(ctx, origins(), "audit", fetched, limit, e -> List.of(e.event().at().toString(), Long.toString(e.id())),
        e -> Views.AuditView.of(e.event()));
  }

  private PublicOrigins origins() {
    return authentication.get().origins();
  }
}
