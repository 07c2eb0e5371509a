package dev.signet.server.audit;

import dev.signet.server.audit.AuditEvent.Outcome;
import dev.signet.server.storage.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code audit_log} table. */
final class AuditRows {
  private static final String INSERT =
      "INSERT INTO audit_log (occurred_at, request_id, actor, action, subject, kid, outcome, reason, source, occurrences)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT =
      "SELECT id, occurred_at, request_id, actor, action, subject, kid, outcome, reason, source, occurrences"
          + " FROM audit_log WHERE 1 = 1";

  private AuditRows() {}

  static void insert(Connection connection, List<AuditEvent> events) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (AuditEvent e : events) {
        Jdbc.setInstant(insert, 1, e.at());
        insert.setString(2, e.requestId());
        insert.setString(3, e.actor());
        insert.setString(4, e.action().code());
        insert.setString(5, e.subject());
        insert.setString(6, e.kid());
        insert.setString(7, e.outcome().name());
        insert.setString(8, e.reason());
        insert.setString(9, e.source());
        insert.setLong(10, e.count());
        if (events.size() == 1) {
          insert.executeUpdate();
        } else {
          insert.addBatch();
        }
      }
      if (events.size() > 1) {
        insert.executeBatch();
      }
    }
  }

  static List<AuditEntry> query(Connection connection, AuditQuery query) throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT);
    if (query.principal() != null) {
      sql.append(" AND (subject = ? OR actor = ?)");
    }
    if (query.action() != null) {
      sql.append(" AND action = ?");
    }
    if (query.since() != null) {
      sql.append(" AND occurred_at >= ?");
    }
    if (query.after() != null) {
      sql.append(" AND (occurred_at < ? OR (occurred_at = ? AND id < ?))");
    }
    sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int i = 0;
      String principal = query.principal();
      if (principal != null) {
        select.setString(++i, principal);
        select.setString(++i, principal);
      }
      AuditAction action = query.action();
      if (action != null) {
        select.setString(++i, action.code());
      }
      if (query.since() != null) {
        Jdbc.setInstant(select, ++i, query.since());
      }
      AuditQuery.Position after = query.after();
      if (after != null) {
        Jdbc.setInstant(select, ++i, after.at());
        Jdbc.setInstant(select, ++i, after.at());
        select.setLong(++i, after.id());
      }
      select.setInt(++i, query.limit());
      List<AuditEntry> entries = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          entries.add(new AuditEntry(row.getLong("id"), read(row)));
        }
      }
      return entries;
    }
  }

  private static AuditEvent read(ResultSet row) throws SQLException {
    String code = row.getString("action");
    AuditAction action = AuditAction.fromCode(code)
        .orElseThrow(() -> new SQLException("unknown audit action in the database: " + code));
    return new AuditEvent(
        Jdbc.requiredInstant(row, "occurred_at"),
        row.getString("request_id"),
        row.getString("actor"),
        action,
        row.getString("subject"),
        row.getString("kid"),
        Outcome.valueOf(row.getString("outcome")),
        row.getString("reason"),
        row.getString("source"),
        row.getLong("occurrences"));
  }
}
