package dev.signet.server.audit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audit entry. Text fields are {@linkplain SafeText#escape escaped} (no line breaks or
 * invisible characters) and clipped to their column sizes, since authentication failures record
 * whatever a caller claimed. Never put secrets (codes, tokens, keys) in {@code reason}.
 *
 * @param at when it happened
 * @param requestId the HTTP request's id, if any
 * @param actor who acted: an authenticated principal, the principal a token claimed, or
 *     {@code null} for the server itself
 * @param action what was done
 * @param subject the principal acted upon
 * @param kid the key involved, if any
 * @param outcome whether it succeeded
 * @param reason a short human-readable detail (why it failed, what changed)
 * @param source the client's address (behind a trusted proxy, the forwarded one), if known
 * @param count how many requests this entry stands for: more than one for refused requests
 *     counted together ({@link RefusedRequests}), {@code at} being the first of them
 */
public record AuditEvent(
    Instant at,
    @Nullable String requestId,
    @Nullable String actor,
    AuditAction action,
    @Nullable String subject,
    @Nullable String kid,
    Outcome outcome,
    @Nullable String reason,
    @Nullable String source,
    long count) {

  /** Whether the audited action succeeded. */
  public enum Outcome { SUCCESS, FAILURE }

  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    requestId = clip(SafeText.escape(requestId), 128);
    actor = clip(SafeText.escape(actor), 256);
    subject = clip(SafeText.escape(subject), 256);
    kid = clip(SafeText.escape(kid), 256);
    reason = clip(SafeText.escape(reason), 1024);
    source = clip(SafeText.escape(source), 64);
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
  }

  /** One request's event, its source not known. */
  public AuditEvent(Instant at, @Nullable String requestId, @Nullable String actor, AuditAction action,
      @Nullable String subject, @Nullable String kid, Outcome outcome, @Nullable String reason) {
    this(at, requestId, actor, action, subject, kid, outcome, reason, null, 1);
  }

  /** This event, from {@code newSource}. */
  public AuditEvent withSource(@Nullable String newSource) {
    return new AuditEvent(at, requestId, actor, action, subject, kid, outcome, reason, newSource, count);
  }

  /** {@code principal}, authenticated with {@code kid}, was refused what it asked for. */
  public static AuditEvent refused(Instant at, @Nullable String requestId, String principal, @Nullable String kid, String reason) {
    return new AuditEvent(at, requestId, principal, AuditAction.AUTHORIZE, principal, kid, Outcome.FAILURE, reason);
  }

  /** An authentication decision about {@code principal} (as claimed by the token) and {@code kid}. */
  public static AuditEvent authentication(
      Instant at, @Nullable String requestId, @Nullable String principal, @Nullable String kid,
      Outcome outcome, @Nullable String reason) {
    return new AuditEvent(at, requestId, principal, AuditAction.AUTHENTICATE, principal, kid, outcome, reason);
  }

  /** Like {@link #authentication(Instant, String, String, String, Outcome, String)}, from {@code source}. */
  public static AuditEvent authentication(
      Instant at, @Nullable String requestId, @Nullable String principal, @Nullable String kid,
      Outcome outcome, @Nullable String reason, @Nullable String source) {
    return new AuditEvent(at, requestId, principal, AuditAction.AUTHENTICATE, principal, kid, outcome, reason, source, 1);
  }

  private static @Nullable String clip(@Nullable String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "…";
  }
}
