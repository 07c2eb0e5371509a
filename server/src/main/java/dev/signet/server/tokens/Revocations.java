package dev.signet.server.tokens;

import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.redis.RedisReplayStore;
import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Revoked access tokens (RFC 7009), by {@code jti}, kept until the token's {@code exp}: after it
 * the token is refused as expired anyway, and the row goes (expired rows are deleted at each
 * revocation, a bounded delete by the {@code expires_at} index).
 *
 * <p>The database ({@code revoked_tokens}) is the record that every instance reads; with Redis
 * configured a revocation is also written there, and a check asks Redis first: a revoked token is
 * then refused without a database read, and only tokens not found there cost one. Thread-safe.
 */
public final class Revocations {
  private final Database database;
  private final @Nullable RedisReplayStore redis;
  private final AuditLog audit;
  private final Clock clock;

  public Revocations(Database database, @Nullable RedisReplayStore redis, AuditLog audit, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.redis = redis;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Revokes {@code jti} (of {@code principal}'s token) until {@code expiresAt}, audited as {@code
   * token.revoke} in the same transaction; revoking it again changes nothing.
   *
   * @throws dev.signet.UnavailableException if the database (or Redis) cannot record it
   */
  public void revoke(String jti, String principal, Instant expiresAt, Actor by) {
    Instant now = Jdbc.now(clock);
    database.execute(c -> {
      try (PreparedStatement purge = c.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at < ?")) {
        Jdbc.setInstant(purge, 1, now);
        purge.executeUpdate();
      }
      if (exists(c, jti)) {
        return;
      }
      // ON CONFLICT: PostgreSQL would abort the transaction on a duplicate (another instance revoking it meanwhile)
      String conflict = database.vendor() == Database.Vendor.POSTGRESQL ? " ON CONFLICT (jti) DO NOTHING" : "";
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO revoked_tokens (jti, principal, expires_at, revoked_at, revoked_by) VALUES (?, ?, ?, ?, ?)" + conflict)) {
        insert.setString(1, jti);
        insert.setString(2, principal);
        Jdbc.setInstant(insert, 3, expiresAt);
        Jdbc.setInstant(insert, 4, now);
        insert.setString(5, by.principal() == null ? "-" : by.principal());
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!Jdbc.isIntegrityViolation(e)) { // H2: revoked by another instance meanwhile
          throw e;
        }
      }
      audit.recordChange(by, AuditAction.TOKEN_REVOKE, principal, null, "jti=" + jti + " exp=" + expiresAt);
    });
    if (redis != null) {
      redis.revoke(jti, expiresAt);
    }
  }

  /** Whether {@code jti} was revoked. @throws dev.signet.UnavailableException if the database or Redis cannot be read */
  public boolean isRevoked(String jti) {
    if (redis != null && redis.isRevoked(jti)) {
      return true;
    }
    return database.inTransaction(c -> exists(c, jti));
  }

  private static boolean exists(java.sql.Connection c, String jti) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM revoked_tokens WHERE jti = ?")) {
      select.setString(1, jti);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }
}
