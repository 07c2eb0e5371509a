package dev.signet.server.enrollment;

import java.util.Objects;

/**
 * An enrollment code or enrollment refused. The code-related reasons are the presenter's fault
 * (400); an HTTP layer may prefer to answer all of them alike and keep the reason for its log.
 * Messages never contain the code.
 */
public final class EnrollmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No such code, or not a well-formed code at all. */
    UNKNOWN_CODE,
    EXPIRED_CODE,
    /** The code enrolled a key already; codes are single-use. */
    USED_CODE,
    REVOKED_CODE,
    /** No enrollment with that id for that principal (404). */
    UNKNOWN_ENROLLMENT,
    /** A used enrollment cannot be revoked (409). */
    ENROLLMENT_USED
  }

  private final Reason reason;

  public EnrollmentException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
