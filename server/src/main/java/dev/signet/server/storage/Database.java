package dev.signet.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's database: a HikariCP pool over an embedded H2 file or PostgreSQL 15+, migrated by
 * Flyway when opened, with {@link #inTransaction} as the only way to run statements.
 *
 * <pre>{@code
 * try (Database db = Database.embedded(Path.of("signet-data"))) {   // or Database.open("jdbc:postgresql://…")
 *   long n = db.inTransaction(c -> { … return count; });
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> A commit that returned is on disk for PostgreSQL (its default
 * {@code synchronous_commit=on}). H2 2.4 by default keeps commits in memory for up to
 * {@code WRITE_DELAY} = 500 ms and writes them from a background thread, so a killed JVM loses
 * them; every H2 URL opened here therefore runs with {@code WRITE_DELAY=0}, which makes H2 write
 * the MVStore chunk in the committing thread before {@code commit()} returns
 * ({@code TransactionStore.endTransaction} → {@code MVStore.commit()}). The write reaches the
 * operating system but H2 does not fsync it, so a killed process loses nothing while a power cut
 * may lose the last commits; run on PostgreSQL where that matters. {@code DatabaseKillTest} proves
 * the first claim with {@code kill -9}.
 *
 * <p><b>Failures.</b> Any failure to reach or use the database is a {@link
 * DatabaseUnavailableException} (HTTP 503). Stores translate the integrity errors they expect
 * (duplicates, unknown rows) into their own typed exceptions before that.
 *
 * <p><b>Waiting for a connection.</b> {@link #inTransaction} and {@link #execute}, which requests
 * use (as does the readiness check), wait at most {@link #REQUEST_WAIT} for a pooled connection, so that while the database is
 * unreachable a request is answered 503 within about a second instead of queueing behind the
 * pool. Background work that would rather wait than fail ({@link #inBackground}) waits up to
 * {@link #BACKGROUND_WAIT}, the pool's own timeout (Flyway's too).
 *
 * <p>Thread-safe. A transaction belongs to the thread that opened it.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** How long a request waits for a pooled connection before the database counts as unavailable. */
  public static final Duration REQUEST_WAIT = Duration.ofSeconds(1);

  /** How long background work waits for a pooled connection: the pool's connection timeout. */
  public static final Duration BACKGROUND_WAIT = Duration.ofSeconds(10);

  private static final int H2_DATABASE_ALREADY_OPEN = 90020; // org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1

  private static final int POOL_SIZE = 10;
  private static final String H2_SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
          + ";DB_CLOSE_ON_EXIT=FALSE"; // the server closes it after in-flight requests finish, not H2's own shutdown hook

  /** The databases Signet runs on. */
  public enum Vendor { H2, POSTGRESQL }

  private final HikariDataSource dataSource;
  private final HikariPool pool;
  private final String description;
  private final Vendor vendor;
  @SuppressWarnings("ThreadLocalUsage") // per pool on purpose: a transaction belongs to one Database
  private final ThreadLocal<@Nullable Transaction> current = new ThreadLocal<>();

  private Database(HikariDataSource dataSource, HikariPool pool, String description, Vendor vendor) {
    this.dataSource = dataSource;
    this.pool = pool;
    this.description = description;
    this.vendor = vendor;
  }

  /** The embedded default: the H2 file {@code <dataDir>/signet.mv.db}, created when missing. */
  public static Database embedded(Path dataDir) {
    try {
      return open(embeddedUrl(dataDir));
    } catch (DatabaseUnavailableException e) {
      if (causedBy(e, H2_DATABASE_ALREADY_OPEN)) { // H2 locks its file: one process at a time
        String shown = dataDir.isAbsolute() || dataDir.startsWith(".") ? dataDir.toString() : "./" + dataDir;
        throw new DatabaseUnavailableException("another signet server is using " + shown
            + " (its database file is locked; stop that server, or give this one another --data-dir)", e);
      }
      throw e;
    }
  }

  private static boolean causedBy(Throwable e, int errorCode) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == errorCode) {
        return true;
      }
    }
    return false;
  }

  /** The JDBC URL of the embedded H2 database in {@code dataDir}. */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("signet") + H2_SETTINGS;
  }

  /**
   * Opens a pool for {@code jdbcUrl} ({@code jdbc:h2:…} or {@code jdbc:postgresql://…}) and migrates
   * the schema. An H2 URL without {@code WRITE_DELAY} gets {@code WRITE_DELAY=0} (see the class
   * comment); one that sets another value is used as given, with a warning.
   *
   * @throws IllegalArgumentException for another kind of URL
   * @throws DatabaseUnavailableException if the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl) {
    return open(jdbcUrl, null, null);
  }

  /** Like {@link #open(String)}, with a user and password kept out of the URL (and out of logs). */
  public static Database open(String jdbcUrl, @Nullable String user, @Nullable String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Vendor vendor = vendorOf(jdbcUrl);
    String url = vendor == Vendor.H2 ? durableH2(jdbcUrl) : jdbcUrl;
    String description = UrlRedaction.redact(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("signet-db");
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setConnectionTimeout(BACKGROUND_WAIT.toMillis());
    config.setValidationTimeout(Math.min(1000, REQUEST_WAIT.toMillis()));
    if (vendor == Vendor.POSTGRESQL) { // a parameter in the URL wins over these defaults
      config.addDataSourceProperty("connectTimeout", "2");
      config.addDataSourceProperty("socketTimeout", "30"); // a hung server fails the request instead of holding it
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException("cannot open database " + description + ": " + e.getMessage(), e);
    }
    try {
      Flyway.configure(Database.class.getClassLoader())
          .dataSource(pool)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new DatabaseUnavailableException("cannot migrate database " + description + ": " + e.getMessage(), e);
    }
    // The pool behind the data source, for getConnection(timeout): a bound per call, which the
    // DataSource interface lacks. HikariDataSource hands out its HikariPool as its MXBean.
    if (!(pool.getHikariPoolMXBean() instanceof HikariPool hikari)) {
      pool.close();
      throw new IllegalStateException("HikariCP no longer exposes its pool as its MXBean");
    }
    log.debug("database ready: {}", description);
    return new Database(pool, hikari, description, vendor);
  }

  private static Vendor vendorOf(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return Vendor.H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return Vendor.POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL: " + UrlRedaction.redact(url) + " (expected jdbc:h2:… or jdbc:postgresql://…)");
  }

  private static String durableH2(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    if (!upper.contains(";WRITE_DELAY=")) {
      return url + ";WRITE_DELAY=0";
    }
    if (!upper.contains(";WRITE_DELAY=0;") && !upper.endsWith(";WRITE_DELAY=0")) {
      log.warn("H2 URL sets WRITE_DELAY: commits of the last moments may be lost if the process dies");
    }
    return url;
  }

  public Vendor vendor() {
    return vendor;
  }

  /** {@link #inTransaction} for statements that produce no result. */
  public void execute(SqlStatements work) {
    Objects.requireNonNull(work, "work");
    inTransaction(connection -> {
      work.run(connection);
      return Boolean.TRUE;
    });
  }

  /** {@link #inBackground} for statements that produce no result. */
  public void executeInBackground(SqlStatements work) {
    Objects.requireNonNull(work, "work");
    inBackground(connection -> {
      work.run(connection);
      return Boolean.TRUE;
    });
  }

  /**
   * Runs {@code work} in a transaction and commits it; on any exception rolls back and rethrows,
   * so no statement of {@code work} stays applied. Called inside another transaction on the same
   * thread, it joins that one: the outermost call commits or rolls back everything.
   *
   * @throws DatabaseUnavailableException for an {@link SQLException} (and for a failed commit)
   */
  public <T> T inTransaction(SqlWork<T> work) {
    return inTransaction(work, REQUEST_WAIT);
  }

  /**
   * {@link #inTransaction} for work off the request path that would rather wait for a connection
   * (up to {@link #BACKGROUND_WAIT}) than fail: batched writes, housekeeping.
   */
  public <T> T inBackground(SqlWork<T> work) {
    return inTransaction(work, BACKGROUND_WAIT);
  }

  private <T> T inTransaction(SqlWork<T> work, Duration wait) {
    Objects.requireNonNull(work, "work");
    Transaction outer = current.get();
    if (outer != null) {
      try {
        return work.run(outer.connection);
      } catch (SQLException e) {
        throw unavailable(e);
      }
    }
    Transaction tx;
    T result;
    try (Connection connection = pool.getConnection(wait.toMillis())) {
      tx = new Transaction(connection);
      current.set(tx);
      try {
        connection.setAutoCommit(false);
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException | Error e) {
        rollback(connection, e);
        throw e;
      } finally {
        current.remove();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    tx.afterCommit.forEach(Runnable::run);
    return result;
  }

  /**
   * Runs {@code action} after the current transaction of this thread commits (never if it rolls
   * back), or at once when there is none.
   */
  public void afterCommit(Runnable action) {
    Transaction tx = current.get();
    if (tx == null) {
      action.run();
    } else {
      tx.afterCommit.add(action);
    }
  }

  /** Whether a connection can be had and answers within about a second: the readiness check. */
  public boolean ready() {
    try (Connection c = pool.getConnection(REQUEST_WAIT.toMillis())) {
      return c.isValid(1);
    } catch (SQLException e) {
      log.debug("database not ready: {}", e.getMessage());
      return false;
    }
  }

  private static void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private DatabaseUnavailableException unavailable(SQLException e) {
    return new DatabaseUnavailableException("database " + description + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public String toString() {
    return "Database[" + description + "]";
  }

  private static final class Transaction {
    final Connection connection;
    final List<Runnable> afterCommit = new ArrayList<>();

    Transaction(Connection connection) {
      this.connection = connection;
    }
  }
}
