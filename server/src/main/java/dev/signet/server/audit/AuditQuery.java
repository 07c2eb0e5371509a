package dev.signet.server.audit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which audit entries to read: those where {@code principal} is the subject or the actor (every
 * entry, including requests that named no principal, when it is null), optionally of one action
 * and not older than {@code since}, newest first, at most {@code limit}, and only those after
 * {@code after} in that order (the end of an earlier page) when it is given.
 */
public record AuditQuery(@Nullable String principal, @Nullable AuditAction action, @Nullable Instant since, int limit,
    @Nullable Position after) {
  /** A page of at most 1000 entries, plus the one that tells whether another page follows. */
  public static final int MAX_LIMIT = 1001;

  /** Where a page ends: entries are read newest first, by time, then by id. */
  public record Position(Instant at, long id) {}

  public AuditQuery(@Nullable String principal, @Nullable AuditAction action, @Nullable Instant since, int limit) {
    this(principal, action, since, limit, null);
  }

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ": " + limit);
    }
  }

  /** The newest 100 entries about {@code principal}. */
  public static AuditQuery of(String principal) {
    return new AuditQuery(Objects.requireNonNull(principal, "principal"), null, null, 100);
  }

  /** The newest 100 entries, whoever they are about. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, 100);
  }

  public AuditQuery withAction(@Nullable AuditAction newAction) {
    return new AuditQuery(principal, newAction, since, limit, after);
  }

  public AuditQuery withSince(@Nullable Instant newSince) {
    return new AuditQuery(principal, action, newSince, limit, after);
  }

  public AuditQuery withLimit(int newLimit) {
    return new AuditQuery(principal, action, since, newLimit, after);
  }

  /** The entries after {@code position} (null: from the newest). */
  public AuditQuery withAfter(@Nullable Position position) {
    return new AuditQuery(principal, action, since, limit, position);
  }
}
