package dev.signet.server.registry;

import dev.signet.server.storage.Jdbc;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The SQL of the {@code principals} table. */
final class PrincipalRows {
  private static final String COLUMNS = "name, roles, scopes, enabled, jwks_uri, dpop_required, created_at, updated_at";

  private PrincipalRows() {}

  static Optional<Principal> find(Connection c, String name, boolean lock) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM principals WHERE name = ?" + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  /** The name of the principal whose name equals {@code name} regardless of case. */
  static Optional<String> nameFolding(Connection c, String name) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT name FROM principals WHERE name_folded = ?")) {
      select.setString(1, Names.folded(name));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  /** At most {@code limit} principals by name, after {@code after}. */
  static List<Principal> page(Connection c, @Nullable String after, int limit) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM principals" + (after == null ? "" : " WHERE name > ?") + " ORDER BY name LIMIT ?";
    try (PreparedStatement select = c.prepareStatement(sql)) {
      int i = 0;
      if (after != null) {
        select.setString(++i, after);
      }
      select.setInt(++i, limit);
      List<Principal> principals = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          principals.add(read(row));
        }
      }
      return principals;
    }
  }

  static List<Principal> all(Connection c) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM principals ORDER BY name");
        ResultSet row = select.executeQuery()) {
      List<Principal> principals = new ArrayList<>();
      while (row.next()) {
        principals.add(read(row));
      }
      return principals;
    }
  }

  static void insert(Connection c, Principal p) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO principals (name, name_folded, roles, scopes, enabled, jwks_uri, created_at, updated_at, dpop_required)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, p.name());
      insert.setString(2, Names.folded(p.name()));
      insert.setString(3, String.join(" ", p.roles()));
      insert.setString(4, String.join(" ", p.scopes()));
      insert.setBoolean(5, p.enabled());
      insert.setString(6, p.jwksUri() == null ? null : p.jwksUri().toString());
      Jdbc.setInstant(insert, 7, p.createdAt());
      Jdbc.setInstant(insert, 8, p.updatedAt());
      insert.setBoolean(9, p.dpopRequired());
      insert.executeUpdate();
    }
  }

  static void update(Connection c, Principal p) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE principals SET roles = ?, scopes = ?, enabled = ?, jwks_uri = ?, updated_at = ?, dpop_required = ? WHERE name = ?")) {
      update.setString(1, String.join(" ", p.roles()));
      update.setString(2, String.join(" ", p.scopes()));
      update.setBoolean(3, p.enabled());
      update.setString(4, p.jwksUri() == null ? null : p.jwksUri().toString());
      Jdbc.setInstant(update, 5, p.updatedAt());
      update.setBoolean(6, p.dpopRequired());
      update.setString(7, p.name());
      update.executeUpdate();
    }
  }

  static boolean delete(Connection c, String name) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM principals WHERE name = ?")) {
      delete.setString(1, name);
      return delete.executeUpdate() == 1;
    }
  }

  private static Principal read(ResultSet row) throws SQLException {
    String jwksUri = row.getString("jwks_uri");
    return new Principal(
        row.getString("name"),
        split(row.getString("roles")),
        split(row.getString("scopes")),
        row.getBoolean("enabled"),
        jwksUri == null ? null : URI.create(jwksUri),
        row.getBoolean("dpop_required"),
        Jdbc.requiredInstant(row, "created_at"),
        Jdbc.requiredInstant(row, "updated_at"));
  }

  private static Set<String> split(String tokens) {
    return tokens.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(tokens.split(" ")));
  }
}
