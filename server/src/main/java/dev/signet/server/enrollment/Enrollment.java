package dev.signet.server.enrollment;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An enrollment code's record, as admins see it: never the code, only when it was made, until
 * when it is valid, and which key it enrolled.
 *
 * @param id the enrollment's id, to revoke it
 * @param principal the principal the code enrolls a key for
 * @param createdAt when the code was issued
 * @param expiresAt when it stops working
 * @param createdBy who issued it ({@code null}: the server's bootstrap)
 * @param usedAt when it enrolled a key
 * @param usedKid the kid of that key
 * @param usedThumbprint the RFC 7638 thumbprint of that key
 * @param revokedAt when an admin revoked it unused
 */
public record Enrollment(
    long id,
    String principal,
    Instant createdAt,
    Instant expiresAt,
    @Nullable String createdBy,
    @Nullable Instant usedAt,
    @Nullable String usedKid,
    @Nullable String usedThumbprint,
    @Nullable Instant revokedAt) {

  /** Where an enrollment stands. */
  public enum Status { PENDING, USED, REVOKED, EXPIRED }

  public Status status(Instant now) {
    if (usedAt != null) {
      return Status.USED;
    }
    if (revokedAt != null) {
      return Status.REVOKED;
    }
    return now.isBefore(expiresAt) ? Status.PENDING : Status.EXPIRED;
  }
}
