package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.audit.AuditEvent.Outcome;
import dev.signet.server.storage.Database;
import dev.signet.server.testing.LogCapture;
import dev.signet.server.testing.TcpProxy;
import dev.signet.server.testing.TestDatabases;
import dev.signet.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Audit events queued while the database is unreachable are kept, up to the queue's capacity
 * plus the batch in hand, and written when it returns; beyond that they are dropped and counted
 * in {@code signet.audit.dropped}, never lost silently (issue 13). The database is PostgreSQL
 * behind a TCP proxy of this test's own, which {@code cut()} makes unreachable.
 */
class AuditOutageTest {
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final int CAPACITY = 20;

  @Test
  void enqueue_databaseUnreachable_keptUpToTheBoundWrittenOnReturnTheRestCounted() throws Exception {
    try (TestDatabases.PostgresSchema schema = TestDatabases.postgres()) {
      Matcher target = HOST_PORT.matcher(schema.jdbcUrl());
      assertThat(target.find()).isTrue();
      try (TcpProxy proxy = TcpProxy.to(target.group(1), Integer.parseInt(target.group(2)));
          Database database = Database.open(target.replaceFirst("//" + TcpProxy.HOST + ":" + proxy.port() + "/"), null, null);
          LogCapture logs = LogCapture.start();
          AuditLog audit = new AuditLog(database, MutableClock.at(T0), CAPACITY)) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        audit.bindTo(meters);
        audit.enqueue(event("before"));
        assertThat(audit.flush()).isTrue();

        proxy.cut();
        for (int i = 0; i < 100; i++) {
          audit.enqueue(event("during" + i));
        }

        long dropped = audit.dropped();
        assertThat(dropped).as("beyond %d queued and %d in hand", CAPACITY, CAPACITY).isGreaterThanOrEqualTo(100 - 2 * CAPACITY);
        assertThat(meters.get("signet.audit.dropped").functionCounter().count()).isEqualTo(dropped);
        assertThat(meters.get("signet.audit.pending").gauge().value()).isEqualTo(100.0 - dropped);
        Thread.sleep(4000); // an outage longer than a few retries: events were dropped after 3 attempts (1.5 s) before
        assertThat(audit.dropped()).isEqualTo(dropped);
        proxy.restore();
        for (int i = 0; i < 300 && audit.pending() > 0; i++) { // the writer's back-off (5 s at most), the pool's reconnection
          Thread.sleep(100);
        }
        assertThat(audit.flush()).as("written once the database is back").isTrue();

        assertThat(rows(database)).isEqualTo(1 + 100 - dropped);
        assertThat(audit.pending()).isZero();
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN ") && l.contains("audit: " + 1 + " events dropped so far"))
            .anyMatch(l -> l.startsWith("WARN ") && l.contains("retrying until the database is back"));
      }
    }
  }

  private static AuditEvent event(String requestId) {
    return AuditEvent.authentication(T0, requestId, "alice", null, Outcome.SUCCESS, null);
  }

  private static long rows(Database database) {
    return database.inTransaction(c -> {
      try (ResultSet row = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_log")) {
        row.next();
        return row.getLong(1);
      }
    });
  }
}
