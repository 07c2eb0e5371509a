package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.audit.AuditEvent.Outcome;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.DatabaseTestBase;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Nested
  class OnH2 extends Cases {
    OnH2() {
      super(Backend.H2);
    }
  }

  @Nested
  class OnPostgres extends Cases {
    OnPostgres() {
      super(Backend.POSTGRES);
    }
  }

  @Test
  void auditQuery_limitOutsideOneToAPageAndOne_refused() {
    assertThatThrownBy(() -> AuditQuery.of("alice").withLimit(1002))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be 1-1001: 1002");
    assertThatThrownBy(() -> AuditQuery.of("alice").withLimit(0)).hasMessage("limit must be 1-1001: 0");
  }

  @Test
  void auditEvent_overlongClaims_clippedToTheColumns() {
    AuditEvent event = AuditEvent.authentication(T0, "r".repeat(500), "p".repeat(10_000), "k".repeat(300),
        Outcome.FAILURE, "x".repeat(5000));

    assertThat(event.actor()).hasSize(256).endsWith("…");
    assertThat(event.requestId()).hasSize(128);
    assertThat(event.kid()).hasSize(256);
    assertThat(event.reason()).hasSize(1024);
  }

  abstract static class Cases extends DatabaseTestBase {
    MutableClock clock;
    AuditLog audit;

    Cases(Backend backend) {
      super(backend);
    }

    @BeforeEach
    void openLog() {
      clock = MutableClock.at(T0);
      audit = new AuditLog(database(), clock);
    }

    @AfterEach
    void closeLog() {
      audit.close();
    }

    @Test
    void recordChange_inATransactionThatRollsBack_vanishesWithIt() {
      assertThatThrownBy(() -> database().inTransaction(c -> {
        audit.recordChange(Actor.of("admin", "r1"), AuditAction.PRINCIPAL_CREATE, "alice", null, null);
        throw new IllegalStateException("the change failed");
      }));

      assertThat(count("audit_log")).isZero();
    }

    @Test
    void query_byPrincipal_entriesWhereItIsSubjectOrActorNewestFirst() {
      audit.recordChange(Actor.of("admin", "r1"), AuditAction.PRINCIPAL_CREATE, "alice", null, "roles=[]");
      clock.advance(Duration.ofSeconds(1));
      audit.recordChange(Actor.of("alice", "r2"), AuditAction.KEY_ADD, "alice", "k1", null);
      clock.advance(Duration.ofSeconds(1));
      audit.recordChange(Actor.of("alice", "r3"), AuditAction.ENROLLMENT_CREATE, "bob", null, null);
      audit.recordChange(Actor.of("admin", "r4"), AuditAction.PRINCIPAL_CREATE, "carol", null, null);

      assertThat(audit.query(AuditQuery.of("alice"))).extracting(AuditEvent::requestId).containsExactly("r3", "r2", "r1");
      assertThat(audit.query(AuditQuery.of("alice")).get(1)).isEqualTo(new AuditEvent(
          T0.plusSeconds(1), "r2", "alice", AuditAction.KEY_ADD, "alice", "k1", Outcome.SUCCESS, null));
    }

    @Test
    void query_actionSinceAndLimit_filter() {
      for (int i = 0; i < 5; i++) {
        audit.recordChange(Actor.of("admin", "add" + i), AuditAction.KEY_ADD, "alice", "k" + i, null);
        audit.recordChange(Actor.of("admin", "del" + i), AuditAction.KEY_DELETE, "alice", "k" + i, null);
        clock.advance(Duration.ofMinutes(1));
      }

      AuditQuery adds = AuditQuery.of("alice").withAction(AuditAction.KEY_ADD);
      assertThat(audit.query(adds)).extracting(AuditEvent::requestId).containsExactly("add4", "add3", "add2", "add1", "add0");
      assertThat(audit.query(adds.withSince(T0.plus(Duration.ofMinutes(3)))))
          .extracting(AuditEvent::requestId).containsExactly("add4", "add3");
      assertThat(audit.query(AuditQuery.of("alice").withLimit(3))).hasSize(3);
    }

    @Test
    void enqueue_manyDecisions_writtenInBatchesByFlush() {
      for (int i = 0; i < 1200; i++) {
        audit.enqueue(AuditEvent.authentication(T0, "r" + i, "alice", "k", Outcome.SUCCESS, null));
      }

      assertThat(audit.flush()).isTrue();
      assertThat(count("audit_log")).isEqualTo(1200);
      assertThat(audit.dropped()).isZero();
    }

    @Test
    void enqueue_fullQueue_dropsInsteadOfWaiting() {
      try (AuditLog tiny = new AuditLog(database(), clock, 10)) {
        int accepted = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
          accepted += tiny.enqueue(AuditEvent.authentication(T0, null, "alice", null, Outcome.FAILURE, "BAD_SIGNATURE")) ? 1 : 0;
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        tiny.flush();

        assertThat(elapsedMillis).isLessThan(1000);
        assertThat(accepted + tiny.dropped()).isEqualTo(10_000);
        assertThat(tiny.dropped()).isPositive();
        assertThat(count("audit_log")).isEqualTo(accepted);
      }
    }

    @Test
    void close_queuedDecisions_writtenFirst() {
      for (int i = 0; i < 300; i++) {
        audit.enqueue(AuditEvent.authentication(T0, null, "alice", null, Outcome.SUCCESS, null));
      }

      audit.close();

      assertThat(count("audit_log")).isEqualTo(300);
      assertThat(audit.enqueue(AuditEvent.authentication(T0, null, "alice", null, Outcome.SUCCESS, null))).isFalse();
    }
  }
}
