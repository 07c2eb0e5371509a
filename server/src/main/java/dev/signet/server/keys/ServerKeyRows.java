package dev.signet.server.keys;

import dev.signet.server.storage.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The SQL of the {@code server_keys} and {@code server_key_locks} tables. */
final class ServerKeyRows {
  private static final String COLUMNS =
      "kid, key_use, alg, public_jwk, sealed_private_key, created_at, activates_at, retired_at, unpublish_at, created_by";

  private ServerKeyRows() {}

  /**
   * Locks the keys of {@code use} until the transaction ends: a second instance deciding to
   * rotate waits here, then sees the first one's key.
   */
  static void lock(Connection c, KeyUse use) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT key_use FROM server_key_locks WHERE key_use = ? FOR UPDATE")) {
      lock.setString(1, use.code());
      try (ResultSet row = lock.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("no lock row for key use '" + use.code() + "' in server_key_locks");
        }
      }
    }
  }

  static List<StoredKey> all(Connection c, KeyUse use) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM server_keys WHERE key_use = ? ORDER BY activates_at, kid")) {
      select.setString(1, use.code());
      List<StoredKey> keys = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          keys.add(read(row));
        }
      }
      return keys;
    }
  }

  /** Whether any key of any use is stored. */
  static boolean any(Connection c) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM server_keys FETCH FIRST 1 ROWS ONLY");
        ResultSet row = select.executeQuery()) {
      return row.next();
    }
  }

  static void insert(Connection c, StoredKey k) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO server_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, k.kid());
      insert.setString(2, k.use().code());
      insert.setString(3, k.alg());
      insert.setString(4, k.publicJwk());
      insert.setString(5, k.sealedPrivateKey());
      Jdbc.setInstant(insert, 6, k.createdAt());
      Jdbc.setInstant(insert, 7, k.activatesAt());
      Jdbc.setInstant(insert, 8, k.retiredAt());
      Jdbc.setInstant(insert, 9, k.unpublishAt());
      insert.setString(10, k.createdBy());
      insert.executeUpdate();
    }
  }

  static void retire(Connection c, String kid, Instant retiredAt, @Nullable Instant unpublishAt) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE server_keys SET retired_at = ?, unpublish_at = ? WHERE kid = ?")) {
      Jdbc.setInstant(update, 1, retiredAt);
      Jdbc.setInstant(update, 2, unpublishAt);
      update.setString(3, kid);
      update.executeUpdate();
    }
  }

  /** A waiting key takes over now, when the active one is retired before its time. */
  static void activate(Connection c, String kid, Instant at) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE server_keys SET activates_at = ? WHERE kid = ?")) {
      Jdbc.setInstant(update, 1, at);
      update.setString(2, kid);
      update.executeUpdate();
    }
  }

  static void delete(Connection c, String kid) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM server_keys WHERE kid = ?")) {
      delete.setString(1, kid);
      delete.executeUpdate();
    }
  }

  private static StoredKey read(ResultSet row) throws SQLException {
    return new StoredKey(
        row.getString("kid"),
        KeyUse.fromCode(row.getString("key_use")),
        row.getString("alg"),
        row.getString("public_jwk"),
        row.getString("sealed_private_key"),
        Jdbc.requiredInstant(row, "created_at"),
        Jdbc.requiredInstant(row, "activates_at"),
        Jdbc.instant(row, "retired_at"),
        Jdbc.instant(row, "unpublish_at"),
        row.getString("created_by"));
  }
}
