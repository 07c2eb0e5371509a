package dev.signet.server.audit;

import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit entries older than the retention ({@code --audit-retention}, default 90 days).
 * The server runs {@link #purge} in the background, soon after start and then every hour; each
 * run deletes in chunks of {@value #CHUNK} rows (short transactions, no long lock on the table)
 * and at most {@value #MAX_CHUNKS} chunks, the rest being left to the next run. Several instances
 * on one database may all run it: deleting what is already gone changes nothing.
 */
public final class AuditRetention {
  /** How often the server purges. */
  public static final Duration EVERY = Duration.ofHours(1);
  static final int CHUNK = 5000;
  static final int MAX_CHUNKS = 200;
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  private final Database database;
  private final Clock clock;
  private final Duration retention;

  public AuditRetention(Database database, Clock clock, Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = retention;
  }

  /** Deletes the entries that occurred before now minus the retention; returns how many. */
  public long purge() {
    Instant cutoff = Jdbc.now(clock).minus(retention);
    long deleted = 0;
    for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      int n = database.inTransaction(c -> {
        long last; // the chunk: the oldest-inserted CHUNK entries before the cutoff, up to this id
        try (PreparedStatement select = c.prepareStatement("SELECT MAX(id) FROM"
            + " (SELECT id FROM audit_log WHERE occurred_at < ? ORDER BY id LIMIT " + CHUNK + ") chunk")) {
          Jdbc.setInstant(select, 1, cutoff);
          try (ResultSet row = select.executeQuery()) {
            row.next();
            last = row.getLong(1);
            if (row.wasNull()) {
              return 0;
            }
          }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_log WHERE id <= ? AND occurred_at < ?")) {
          delete.setLong(1, last);
          Jdbc.setInstant(delete, 2, cutoff);
          return delete.executeUpdate();
        }
      });
      deleted += n;
      if (n < CHUNK) {
        break;
      }
    }
    if (deleted > 0) {
      log.info("audit retention: deleted {} entries from before {} (--audit-retention {})", deleted, cutoff, retention);
    }
    return deleted;
  }

  /** Runs {@link #purge}, logging a failure (the database may be down) instead of throwing. */
  public void purgeQuietly() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("audit retention: purge failed, will retry in {}: {}", EVERY, SafeText.escape(e.getMessage()));
    }
  }
}
