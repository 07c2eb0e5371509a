package dev.signet.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements without a result, run by {@link Database#execute(SqlStatements)}. */
@FunctionalInterface
public interface SqlStatements {
  void run(Connection connection) throws SQLException;
}
