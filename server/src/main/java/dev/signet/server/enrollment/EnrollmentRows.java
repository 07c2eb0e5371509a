package dev.signet.server.enrollment;

import dev.signet.server.storage.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL of the {@code enrollments} table. */
final class EnrollmentRows {
  private static final String COLUMNS =
      "id, principal, created_at, expires_at, created_by, used_at, used_kid, used_thumbprint, revoked_at";

  private EnrollmentRows() {}

  static long insert(Connection c, String principal, String codeHash, Instant createdAt, Instant expiresAt,
      @Nullable String createdBy) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO enrollments (principal, code_hash, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?)",
        new String[] {"id"})) {
      insert.setString(1, principal);
      insert.setString(2, codeHash);
      Jdbc.setInstant(insert, 3, createdAt);
      Jdbc.setInstant(insert, 4, expiresAt);
      insert.setString(5, createdBy);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no id generated for the enrollment");
        }
        return keys.getLong(1);
      }
    }
  }

  /**
   * Marks the code used, if it is still pending at {@code now}. The condition and the write are
   * one statement, so of concurrent claims exactly one changes the row (and holds its lock until
   * the transaction ends).
   *
   * @return the number of rows changed: 1 if this call claimed the code, else 0
   */
  static int claim(Connection c, String codeHash, Instant now) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE enrollments SET used_at = ?"
        + " WHERE code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?")) {
      Jdbc.setInstant(update, 1, now);
      update.setString(2, codeHash);
      Jdbc.setInstant(update, 3, now);
      return update.executeUpdate();
    }
  }

  /** Records which key a claimed code enrolled. */
  static void recordKey(Connection c, String codeHash, String kid, String thumbprint) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE enrollments SET used_kid = ?, used_thumbprint = ? WHERE code_hash = ?")) {
      update.setString(1, kid);
      update.setString(2, thumbprint);
      update.setString(3, codeHash);
      update.executeUpdate();
    }
  }

  static int revoke(Connection c, String principal, long id, Instant now) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE enrollments SET revoked_at = ?"
        + " WHERE principal = ? AND id = ? AND used_at IS NULL AND revoked_at IS NULL")) {
      Jdbc.setInstant(update, 1, now);
      update.setString(2, principal);
      update.setLong(3, id);
      return update.executeUpdate();
    }
  }

  static int revokeUnused(Connection c, String principal, Instant now) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE enrollments SET revoked_at = ?"
        + " WHERE principal = ? AND used_at IS NULL AND revoked_at IS NULL")) {
      Jdbc.setInstant(update, 1, now);
      update.setString(2, principal);
      return update.executeUpdate();
    }
  }

  static Optional<Enrollment> byHash(Connection c, String codeHash) throws SQLException {
    return select(c, "WHERE code_hash = ?", codeHash, null).stream().findFirst();
  }

  static Optional<Enrollment> find(Connection c, String principal, long id) throws SQLException {
    return select(c, "WHERE principal = ? AND id = ?", principal, id).stream().findFirst();
  }

  static List<Enrollment> ofPrincipal(Connection c, String principal) throws SQLException {
    return select(c, "WHERE principal = ? ORDER BY created_at DESC, id DESC", principal, null);
  }

  /** At most {@code limit} by (created_at, id) descending, before ({@code createdAt}, {@code id}) when given. */
  static List<Enrollment> page(Connection c, String principal, @Nullable Instant createdAt, long id, int limit)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM enrollments WHERE principal = ?"
        + (createdAt == null ? "" : " AND (created_at < ? OR (created_at = ? AND id < ?))")
        + " ORDER BY created_at DESC, id DESC LIMIT ?";
    try (PreparedStatement select = c.prepareStatement(sql)) {
      int i = 0;
      select.setString(++i, principal);
      if (createdAt != null) {
        Jdbc.setInstant(select, ++i, createdAt);
        Jdbc.setInstant(select, ++i, createdAt);
        select.setLong(++i, id);
      }
      select.setInt(++i, limit);
      return read(select);
    }
  }

  private static List<Enrollment> select(Connection c, String where, String text, @Nullable Long id)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM enrollments " + where)) {
      select.setString(1, text);
      if (id != null) {
        select.setLong(2, id);
      }
      return read(select);
    }
  }

  private static List<Enrollment> read(PreparedStatement select) throws SQLException {
    List<Enrollment> rows = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        rows.add(new Enrollment(
            row.getLong("id"),
            row.getString("principal"),
            Jdbc.requiredInstant(row, "created_at"),
            Jdbc.requiredInstant(row, "expires_at"),
            row.getString("created_by"),
            Jdbc.instant(row, "used_at"),
            row.getString("used_kid"),
            row.getString("used_thumbprint"),
            Jdbc.instant(row, "revoked_at")));
      }
    }
    return rows;
  }
}
