package dev.signet.server.audit;

import org.jspecify.annotations.Nullable;

/**
 * Who makes a change and in which request, for the audit log.
 *
 * @param principal the authenticated principal, or {@code null} for the server itself (bootstrap)
 * @param requestId the HTTP request's id, or {@code null} outside a request
 */
public record Actor(@Nullable String principal, @Nullable String requestId) {
  private static final Actor SERVER = new Actor(null, null);

  /** The server itself, acting outside any request (the admin bootstrap). */
  public static Actor server() {
    return SERVER;
  }

  public static Actor of(String principal, @Nullable String requestId) {
    return new Actor(principal, requestId);
  }

  /** Whether this actor is {@code principal} acting on itself (self-service). */
  public boolean is(String principal) {
    return principal.equals(this.principal);
  }
}
