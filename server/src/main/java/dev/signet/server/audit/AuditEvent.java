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
 */
public record AuditEvent(
    Instant at,
    @Nullable String requestId,
    @Nullable String actor,
    AuditAction action,
    @Nullable String subject,
    @Nullable String kid,
    Outcome outcome,
    @Nullable String reason) {

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
