package dev.signet.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability under {@code kill -9}: a child JVM commits in a loop and acknowledges each commit on
 * stdout; it is killed ({@link Process#destroyForcibly()}, SIGKILL) in the middle of the loop,
 * and every acknowledged commit must be in the reopened database, with no transaction half there.
 */
class DatabaseKillTest {
  private static final Logger log = LoggerFactory.getLogger(DatabaseKillTest.class);

  @Test
  void killedWriter_h2_keepsEveryAcknowledgedCommitWhole(@TempDir Path dir) throws Exception {
    String url = Database.embeddedUrl(dir);
    Set<Integer> acked = runAndKill(url);
    try (Database reopened = Database.open(url)) {
      assertEveryAcknowledgedCommitWhole(reopened, acked);
    }
  }

  @Test
  void killedWriter_postgres_keepsEveryAcknowledgedCommitWhole() throws Exception {
    try (TestDatabases.PostgresSchema schema = TestDatabases.postgres()) {
      Set<Integer> acked = runAndKill(schema.jdbcUrl());
      try (Database reopened = schema.open()) {
        assertEveryAcknowledgedCommitWhole(reopened, acked);
      }
    }
  }

  private static Set<Integer> runAndKill(String url) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CommitLoop.class.getName(), url).redirectErrorStream(true).start();
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    int killAfter = 100 + ThreadLocalRandom.current().nextInt(100);
    CountDownLatch enough = new CountDownLatch(killAfter);
    Thread reader = Thread.ofPlatform().start(() -> read(child, acked, enough));
    try {
      assertThat(enough.await(60, TimeUnit.SECONDS)).as("child acknowledged %d commits", killAfter).isTrue();
      child.destroyForcibly(); // SIGKILL, mid-loop
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    reader.join(10_000);
    log.info("killed the writer after {} acknowledged commits (exit {})", acked.size(), child.exitValue());
    return Set.copyOf(acked);
  }

  private static void read(Process child, Set<Integer> acked, CountDownLatch enough) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("ack ")) {
          acked.add(Integer.parseInt(line.substring(4)));
          enough.countDown();
        } else if (!line.isBlank() && !line.contains(" INFO ") && !line.equals("ready")) {
          log.warn("child: {}", line);
        }
      }
    } catch (IOException e) {
      log.info("child output ended: {}", e.getMessage());
    }
  }

  private static void assertEveryAcknowledgedCommitWhole(Database database, Set<Integer> acked) {
    Map<String, Long> principals = new HashMap<>(); // name -> keys
    Map<String, Long> audit = new HashMap<>();      // subject -> entries
    Set<String> keyOwners = new HashSet<>();
    database.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        try (ResultSet row = s.executeQuery(
            "SELECT p.name, COUNT(k.kid) FROM principals p LEFT JOIN principal_keys k ON k.principal = p.name GROUP BY p.name")) {
          while (row.next()) {
            principals.put(row.getString(1), row.getLong(2));
          }
        }
        try (ResultSet row = s.executeQuery("SELECT subject, COUNT(*) FROM audit_log GROUP BY subject")) {
          while (row.next()) {
            audit.put(row.getString(1), row.getLong(2));
          }
        }
        try (ResultSet row = s.executeQuery("SELECT DISTINCT principal FROM principal_keys")) {
          while (row.next()) {
            keyOwners.add(row.getString(1));
          }
        }
      }
      return null;
    });
    log.info("after the kill: {} acknowledged, {} principals stored", acked.size(), principals.size());
    assertThat(acked.stream().map(i -> "p" + i).filter(name -> !principals.containsKey(name)).sorted().toList())
        .as("acknowledged commits missing after kill -9").isEmpty();
    assertThat(principals.size()).as("at most the one in-flight commit beyond the acknowledged ones")
        .isBetween(acked.size(), acked.size() + 1);
    assertThat(principals.values()).as("every principal has its key").containsOnly(1L);
    assertThat(keyOwners).isEqualTo(principals.keySet());
    assertThat(audit.keySet()).isEqualTo(principals.keySet());
    assertThat(audit.values()).as("principal.create and key.add of each commit").containsOnly(2L);
  }
}
