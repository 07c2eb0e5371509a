package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.Backend;
import dev.signet.server.testing.LogCapture;
import dev.signet.server.testing.StoresTestBase;
import dev.signet.server.testing.TestStores;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refused unauthenticated requests are counted per (action, source, reason) per interval: the
 * first of a kind audited at once and logged, the rest written as one entry with their count at
 * the next flush (issue 12, item 4: 600 refused requests were 600 audit rows and 600 INFO lines).
 */
class RefusedRequestsTest extends StoresTestBase {
  RefusedRequests refusals;

  RefusedRequestsTest() {
    super(Backend.H2);
  }

  @BeforeEach
  void open() {
    refusals = new RefusedRequests(stores.audit(), stores.clock());
  }

  private List<AuditEvent> rows() {
    stores.audit().flush();
    return stores.audit().query(AuditQuery.all().withLimit(AuditQuery.MAX_LIMIT));
  }

  private boolean refuse(String source, String reason, String principal, String requestId) {
    return refusals.refused(AuditAction.AUTHENTICATE, source, reason, principal, "k1", requestId, "detail of " + requestId);
  }

  @Test // gh-12 item 4
  void sixHundredOfOneKind_oneEntryAtOnceThenOneWithTheCount() {
    int logged = 0;
    for (int i = 1; i <= 600; i++) {
      logged += refuse("203.0.113.9", "BAD_SIGNATURE", "alice", "r" + i) ? 1 : 0;
      stores.clock().advance(Duration.ofMillis(50));
    }

    assertThat(logged).isOne();
    assertThat(rows()).singleElement().satisfies(first -> {
      assertThat(first.count()).isOne();
      assertThat(first.requestId()).isEqualTo("r1");
      assertThat(first.reason()).isEqualTo("BAD_SIGNATURE: detail of r1");
      assertThat(first.source()).isEqualTo("203.0.113.9");
      assertThat(first.at()).isEqualTo(TestStores.START);
    });

    refusals.flush();

    List<AuditEvent> rows = rows();
    assertThat(rows).hasSize(2);
    assertThat(rows.stream().mapToLong(AuditEvent::count).sum()).isEqualTo(600);
    assertThat(rows.getFirst()).satisfies(summary -> {
      assertThat(summary.count()).isEqualTo(599);
      assertThat(summary.at()).isEqualTo(TestStores.START.plusMillis(50));
      assertThat(summary.requestId()).isEqualTo("r600");
      assertThat(summary.subject()).isEqualTo("alice");
      assertThat(summary.kid()).isEqualTo("k1");
      assertThat(summary.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
      assertThat(summary.reason()).isEqualTo("BAD_SIGNATURE: 599 more refused authenticate requests from 203.0.113.9 between "
          + TestStores.START.plusMillis(50) + " and " + TestStores.START.plusSeconds(30));
    });
  }

  @Test
  void afterAFlush_theNextOfAKindIsFirstAgain() {
    assertThat(refuse("203.0.113.9", "EXPIRED", "alice", "r1")).isTrue();
    assertThat(refuse("203.0.113.9", "EXPIRED", "alice", "r2")).isFalse();
    refusals.flush();

    assertThat(refuse("203.0.113.9", "EXPIRED", "alice", "r3")).isTrue();
    assertThat(rows()).extracting(AuditEvent::count).containsExactlyInAnyOrder(1L, 1L, 1L);
  }

  @Test
  void kindsApart_bySourceReasonAndAction_subjectKeptOnlyWhenTheSame() {
    refuse("203.0.113.9", "EXPIRED", "alice", "r1");
    refuse("203.0.113.9", "EXPIRED", "bob", "r2");
    refuse("203.0.113.9", "EXPIRED", "carol", "r3");
    refuse("198.51.100.1", "EXPIRED", "alice", "r4");
    refuse("203.0.113.9", "REPLAYED", "alice", "r5");
    refusals.refused(AuditAction.ENROLLMENT_REDEEM, "203.0.113.9", "EXPIRED", null, null, "r6", "code expired");
    refusals.flush();

    List<AuditEvent> rows = rows();
    assertThat(rows).hasSize(5);
    assertThat(rows).filteredOn(e -> e.count() == 2).singleElement()
        .satisfies(e -> assertThat(e.subject()).as("bob and carol: no one subject").isNull());
  }

  @Test
  void manySources_atMostAThousandKindsThenCountedAsOther() {
    for (int i = 0; i < RefusedRequests.MAX_KINDS + 500; i++) {
      refuse("10.0." + (i / 250) + "." + (i % 250), "NO_TOKEN", null, "r" + i);
      refuse("10.0." + (i / 250) + "." + (i % 250), "NO_TOKEN", null, "s" + i);
    }
    refusals.flush();

    stores.audit().flush(); // the writer is asynchronous: written first, then read
    List<AuditEvent> rows = stores.audit().query(AuditQuery.all().withLimit(AuditQuery.MAX_LIMIT));
    long total = 0;
    int rowCount = 0;
    for (AuditQuery.Position after = null; ; ) {
      List<AuditEntry> page = stores.audit().entries(AuditQuery.all().withLimit(1000).withAfter(after));
      page.forEach(e -> assertThat(e.event().source()).isNotNull());
      total += page.stream().mapToLong(e -> e.event().count()).sum();
      rowCount += page.size();
      if (page.size() < 1000) {
        break;
      }
      after = page.getLast().position();
    }
    assertThat(rows).isNotEmpty();
    assertThat(total).isEqualTo(2L * (RefusedRequests.MAX_KINDS + 500));
    assertThat(rowCount).as("per kind one at once and one with the count; the overflow under 'other'")
        .isLessThanOrEqualTo(2 * RefusedRequests.MAX_KINDS + 500 + 2);
  }

  @Test
  void logging_firstHundredKindsPerIntervalThenSummaries() {
    int logged = 0;
    for (int i = 0; i < 300; i++) {
      logged += refuse("10.1.0." + i, "NO_TOKEN", null, "r" + i) ? 1 : 0;
      refuse("10.1.0." + i, "NO_TOKEN", null, "again" + i);
    }
    try (LogCapture logs = LogCapture.start()) {
      refusals.flush();

      assertThat(logged).isEqualTo(RefusedRequests.LOG_LINES);
      assertThat(logs.lines()).filteredOn(l -> l.startsWith("INFO ")).hasSize(RefusedRequests.LOG_LINES + 1);
      assertThat(logs.lines()).anyMatch(l -> l.contains("refused 200 more requests of 200 other kinds"));
    }
  }

  @Test
  void close_writesWhatWasCounted() {
    refuse("203.0.113.9", "EXPIRED", "alice", "r1");
    refuse("203.0.113.9", "EXPIRED", "alice", "r2");
    refuse("203.0.113.9", "EXPIRED", "alice", "r3");

    refusals.close();

    assertThat(rows()).extracting(AuditEvent::count).containsExactlyInAnyOrder(1L, 2L);
  }
}
