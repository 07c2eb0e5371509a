package dev.signet.server.testing;

import dev.signet.server.storage.Database;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store test class on one {@link Backend}: the database is opened (and migrated) once per class
 * — an H2 file in a temporary directory, or a PostgreSQL schema of its own, dropped afterwards —
 * and emptied before each test. Run a suite on both databases with two {@code @Nested} subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseTestBase {
  private final Backend backend;
  private @Nullable Database database;
  private TestDatabases.@Nullable PostgresSchema schema;
  private @Nullable Path h2Dir;

  protected DatabaseTestBase(Backend backend) {
    this.backend = backend;
  }

  protected final Backend backend() {
    return backend;
  }

  protected final Database database() {
    return Objects.requireNonNull(database, "database not open");
  }

  /** The JDBC URL the database was opened with (for a second process or pool). */
  protected final String jdbcUrl() {
    return schema != null ? schema.jdbcUrl() : Database.embeddedUrl(Objects.requireNonNull(h2Dir));
  }

  @BeforeAll
  final void openDatabase(@TempDir Path dir) {
    if (backend == Backend.H2) {
      h2Dir = dir;
      database = TestDatabases.h2(dir);
    } else {
      schema = TestDatabases.postgres();
      database = schema.open();
    }
  }

  @AfterAll
  final void closeDatabase() {
    if (database != null) {
      database.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @BeforeEach
  final void emptyTables() {
    database().inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        for (String table : new String[] {"audit_log", "principal_keys", "enrollments", "principals"}) {
          s.executeUpdate("DELETE FROM " + table);
        }
      }
      return null;
    });
  }

  /** The number of rows in {@code table}. */
  protected final long count(String table) {
    return database().inTransaction(c -> {
      try (Statement s = c.createStatement(); var row = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        row.next();
        return row.getLong(1);
      }
    });
  }
}
