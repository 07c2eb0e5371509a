package dev.signet.server.testing;

import dev.signet.server.storage.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases for tests, on H2 or PostgreSQL.
 *
 * <p>PostgreSQL comes from {@code SIGNET_TEST_PG_URL} (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) when set, else from a private server this
 * JVM starts once ({@link LocalPostgres}: zonky's embedded binaries from Maven Central). Each
 * {@link #postgres()} is a fresh schema of that server, dropped by {@link PostgresSchema#close()},
 * so test classes never see each other's rows. Without any PostgreSQL a test is skipped, except
 * under {@code CI=true}, where it fails.
 */
public final class TestDatabases {
  public static final String PG_URL_VARIABLE = "SIGNET_TEST_PG_URL";

  private TestDatabases() {}

  /** The embedded H2 file database in {@code dir}, migrated, as the server opens it. */
  public static Database h2(Path dir) {
    return Database.embedded(dir);
  }

  /** A new, empty PostgreSQL schema; open it with {@link PostgresSchema#open()}. */
  public static PostgresSchema postgres() {
    String server = postgresServerUrl();
    String schema = "signet_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + " on " + server, e);
    }
    return new PostgresSchema(server, schema);
  }

  /** The JDBC URL of the PostgreSQL server tests use (the variable's, or the local one). */
  public static String postgresServerUrl() {
    String url = System.getenv(PG_URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return url;
    }
    try {
      return LocalPostgres.jdbcUrl();
    } catch (RuntimeException e) {
      throw Ci.unavailable("no PostgreSQL for tests: set " + PG_URL_VARIABLE + " or let the tests start one", e);
    }
  }

  /** A schema of its own on the test PostgreSQL server. */
  public record PostgresSchema(String serverUrl, String schema) implements AutoCloseable {
    /** The server URL with {@code currentSchema} set to this schema. */
    public String jdbcUrl() {
      return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The database in this schema, migrated, as the server opens it. */
    public Database open() {
      return Database.open(jdbcUrl());
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() {
      try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop schema " + schema, e);
      }
    }
  }
}
