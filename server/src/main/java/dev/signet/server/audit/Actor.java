package dev.signet.server.audit;

import org.jspecify.annotations.Nullable;

/**
 * Who makes a change and in which request, for the audit log.
 *
 * @param principal the authenticated principal, or {@code null} for the server itself (bootstrap)
 *     or an anonymous caller (enrollment)
 * @param requestId the HTTP request's id, or {@code null} outside a request
 * @param source the client's address, or {@code null} outside a request
 */
public record Actor(@Nullable String principal, @Nullable String requestId, @Nullable String source) {
  private static final Actor SERVER = new Actor(null, null, null);

  /** The server itself, acting outside any request (the admin bootstrap). */
  public static Actor server() {
    return SERVER;
  }

  public static Actor of(String principal, @Nullable String requestId) {
    return new Actor(principal, requestId, null);
  }

  public static Actor of(String principal, @Nullable String requestId, @Nullable String source) {
    return new Actor(principal, requestId, source);
  }

  /** A caller not (yet) authenticated, such as one redeeming an enrollment code. */
  public static Actor anonymous(@Nullable String requestId, @Nullable String source) {
    return new Actor(null, requestId, source);
  }

  /** The same request and source, acting as {@code newPrincipal}. */
  public Actor as(String newPrincipal) {
    return new Actor(newPrincipal, requestId, source);
  }

  /** Whether this actor is {@code principal} acting on itself (self-service). */
  public boolean is(String principal) {
    return principal.equals(this.principal);
  }
}
