package dev.signet.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run by {@link Database#inTransaction} on the transaction's connection. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
