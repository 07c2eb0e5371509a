package dev.signet.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.Backend;
import dev.signet.server.testing.DatabaseTestBase;
import dev.signet.server.testing.FreePort;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @Nested
  class OnH2 extends Cases {
    OnH2() {
      super(Backend.H2);
    }

    @Test
    void open_h2UrlWithoutWriteDelay_commitsSynchronously() {
      String writeDelay = database().inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
            ResultSet row = s.executeQuery()) {
          row.next();
          return row.getString(1);
        }
      });
      assertThat(writeDelay).isEqualTo("0");
    }
  }

  @Nested
  class OnPostgres extends Cases {
    OnPostgres() {
      super(Backend.POSTGRES);
    }
  }

  @Test
  void open_unreachablePostgres_failsWithinSecondsAsUnavailable() {
    String url = "jdbc:postgresql://127.0.0.1:" + FreePort.pick() + "/test?user=postgres&password=secret";
    long start = System.nanoTime();

    assertThatThrownBy(() -> Database.open(url))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageStartingWith("cannot open database jdbc:postgresql://127.0.0.1:")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("secret");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void embedded_missingDataDirectory_createdWithTheDatabaseFile(@TempDir Path dir) {
    Path dataDir = dir.resolve("signet-data/nested");
    try (Database database = Database.embedded(dataDir)) {
      assertThat(database.vendor()).isEqualTo(Database.Vendor.H2);
      assertThat(database.ready()).isTrue();
    }

    assertThat(dataDir.resolve("signet.mv.db")).isRegularFile();
  }

  @Test
  void embedded_dataDirectoryInUseByAnotherProcess_unavailableSayingSo(@TempDir Path dir) throws Exception {
    String url = Database.embeddedUrl(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CommitLoop.class.getName(), url)
        .redirectErrorStream(true).start();
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        // wait until the other process has the database open
      }
      assertThatThrownBy(() -> Database.open(url))
          .isInstanceOf(DatabaseUnavailableException.class)
          .hasMessageStartingWith("cannot open database jdbc:h2:file:")
          .hasMessageContaining("already in use");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void open_otherUrl_refusedNamingTheExpectedKinds() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/signet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported database URL: jdbc:mysql://localhost/signet (expected jdbc:h2:… or jdbc:postgresql://…)");
  }

  abstract static class Cases extends DatabaseTestBase {
    Cases(Backend backend) {
      super(backend);
    }

    @Test
    void inTransaction_failureBetweenStatements_leavesNothingWritten() {
      assertThatThrownBy(() -> database().inTransaction(c -> {
        insertPrincipal(c, "first");
        insertPrincipal(c, "second");
        throw new IllegalStateException("injected failure");
      })).isInstanceOf(IllegalStateException.class).hasMessage("injected failure");

      assertThat(count("principals")).isZero();
    }

    @Test
    void inTransaction_nestedCall_joinsTheOuterTransaction() {
      assertThatThrownBy(() -> database().inTransaction(c -> {
        database().inTransaction(inner -> insertPrincipal(inner, "inner"));
        throw new IllegalStateException("outer fails after inner returned");
      })).isInstanceOf(IllegalStateException.class);

      assertThat(count("principals")).isZero();
    }

    @Test
    void inTransaction_sqlError_isDatabaseUnavailableAndRollsBack() {
      assertThatThrownBy(() -> database().inTransaction(c -> {
        insertPrincipal(c, "kept-out");
        return insertPrincipal(c, "kept-out"); // primary key violation
      })).isInstanceOf(DatabaseUnavailableException.class).hasCauseInstanceOf(SQLException.class);

      assertThat(count("principals")).isZero();
    }

    @Test
    void afterCommit_runsAfterCommitAndNeverAfterRollback() {
      List<String> events = new ArrayList<>();
      database().inTransaction(c -> {
        database().afterCommit(() -> events.add("committed"));
        events.add("working");
        return insertPrincipal(c, "alice");
      });
      assertThatThrownBy(() -> database().inTransaction(c -> {
        database().afterCommit(() -> events.add("must not run"));
        throw new IllegalStateException("rolled back");
      }));

      assertThat(events).containsExactly("working", "committed");
    }

    @Test
    void ready_openDatabase_true() {
      assertThat(database().ready()).isTrue();
    }

    private static int insertPrincipal(java.sql.Connection c, String name) throws SQLException {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO principals (name, name_folded, roles, scopes, enabled, created_at, updated_at)"
              + " VALUES (?, ?, '', '', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
        insert.setString(1, name);
        insert.setString(2, name);
        return insert.executeUpdate();
      }
    }
  }
}
