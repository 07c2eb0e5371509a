package dev.signet.server.registry;

import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.server.storage.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL of the {@code principal_keys} table. */
final class KeyRows {
  static final String THUMBPRINT_CONSTRAINT = "uq_principal_keys_thumbprint";
  private static final String COLUMNS = "principal, kid, thumbprint, kty, alg, label, public_jwk, created_at,"
      + " last_used_at, not_before, not_after, disabled, enrollment_id";

  private KeyRows() {}

  static List<RegisteredKey> ofPrincipal(Connection c, String principal) throws SQLException {
    return select(c, "WHERE principal = ? ORDER BY created_at, kid", principal);
  }

  /** At most {@code limit} keys by (created_at, kid), after {@code after}. */
  static List<RegisteredKey> page(Connection c, String principal, KeyRegistry.@Nullable KeyPosition after, int limit)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM principal_keys WHERE principal = ?"
        + (after == null ? "" : " AND (created_at > ? OR (created_at = ? AND kid > ?))") + " ORDER BY created_at, kid LIMIT ?";
    try (PreparedStatement select = c.prepareStatement(sql)) {
      int i = 0;
      select.setString(++i, principal);
      if (after != null) {
        Jdbc.setInstant(select, ++i, after.createdAt());
        Jdbc.setInstant(select, ++i, after.createdAt());
        select.setString(++i, after.kid());
      }
      select.setInt(++i, limit);
      return read(select);
    }
  }

  static int count(Connection c, String principal) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM principal_keys WHERE principal = ?")) {
      select.setString(1, principal);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  static Optional<RegisteredKey> find(Connection c, String principal, String kid) throws SQLException {
    return select(c, "WHERE principal = ? AND kid = ?", principal, kid).stream().findFirst();
  }

  static Optional<RegisteredKey> byThumbprint(Connection c, String thumbprint) throws SQLException {
    return select(c, "WHERE thumbprint = ?", thumbprint).stream().findFirst();
  }

  private static List<RegisteredKey> select(Connection c, String where, String... parameters) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM principal_keys " + where)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      return read(select);
    }
  }

  private static List<RegisteredKey> read(PreparedStatement select) throws SQLException {
    List<RegisteredKey> keys = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        keys.add(read(row));
      }
    }
    return keys;
  }

  static void insert(Connection c, RegisteredKey k) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO principal_keys (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, k.principal());
      insert.setString(2, k.kid());
      insert.setString(3, k.thumbprint());
      insert.setString(4, k.type().name());
      insert.setString(5, k.algorithm() == null ? null : k.algorithm().name());
      insert.setString(6, k.label());
      insert.setString(7, k.publicJwk());
      Jdbc.setInstant(insert, 8, k.createdAt());
      Jdbc.setInstant(insert, 9, k.lastUsedAt());
      Jdbc.setInstant(insert, 10, k.notBefore());
      Jdbc.setInstant(insert, 11, k.notAfter());
      insert.setBoolean(12, k.disabled());
      if (k.enrollmentId() == null) {
        insert.setNull(13, Types.BIGINT);
      } else {
        insert.setLong(13, k.enrollmentId());
      }
      insert.executeUpdate();
    }
  }

  static void delete(Connection c, String principal, String kid) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM principal_keys WHERE principal = ? AND kid = ?")) {
      delete.setString(1, principal);
      delete.setString(2, kid);
      delete.executeUpdate();
    }
  }

  static void setDisabled(Connection c, String principal, String kid, boolean disabled) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE principal_keys SET disabled = ? WHERE principal = ? AND kid = ?")) {
      update.setBoolean(1, disabled);
      update.setString(2, principal);
      update.setString(3, kid);
      update.executeUpdate();
    }
  }

  /** Moves {@code last_used_at} forward (never back) for each key. */
  static void touch(Connection c, Map<KeyUsage.KeyRef, Instant> uses) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE principal_keys SET last_used_at = ?"
        + " WHERE principal = ? AND kid = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
      for (Map.Entry<KeyUsage.KeyRef, Instant> use : uses.entrySet()) {
        Jdbc.setInstant(update, 1, use.getValue());
        update.setString(2, use.getKey().principal());
        update.setString(3, use.getKey().kid());
        Jdbc.setInstant(update, 4, use.getValue());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  private static RegisteredKey read(ResultSet row) throws SQLException {
    String alg = row.getString("alg");
    long enrollmentId = row.getLong("enrollment_id");
    boolean enrolled = !row.wasNull();
    return new RegisteredKey(
        row.getString("principal"),
        row.getString("kid"),
        row.getString("thumbprint"),
        KeyType.valueOf(row.getString("kty")),
        alg == null ? null : Algorithm.fromJoseName(alg).orElseThrow(() -> new SQLException("unknown alg " + alg)),
        row.getString("label"),
        row.getString("public_jwk"),
        Jdbc.requiredInstant(row, "created_at"),
        Jdbc.instant(row, "last_used_at"),
        Jdbc.instant(row, "not_before"),
        Jdbc.instant(row, "not_after"),
        row.getBoolean("disabled"),
        enrolled ? enrollmentId : null);
  }
}
