package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.audit.AuditEvent.Outcome;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import dev.signet.server.testing.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code --audit-retention}: entries older than it are deleted, in chunks, newer ones kept (issue 12, item 4). */
class AuditRetentionTest {
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

  abstract static class Cases extends StoresTestBase {
    Cases(Backend backend) {
      super(backend);
    }

    private void insert(int n, Duration ago) {
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        events.add(AuditEvent.authentication(TestStores.START.minus(ago), "r" + i, "alice", null, Outcome.FAILURE, "EXPIRED"));
      }
      database().execute(c -> {
        AuditRows.insert(c, events);
      });
    }

    @Test
    void purge_entriesOlderThanTheRetention_deletedInChunksNewerKept() {
      insert(AuditRetention.CHUNK + 7, Duration.ofDays(91));
      insert(3, Duration.ofDays(89));
      AuditRetention retention = new AuditRetention(database(), stores.clock(), Duration.ofDays(90));

      assertThat(retention.purge()).isEqualTo(AuditRetention.CHUNK + 7);

      assertThat(count("audit_log")).isEqualTo(3L);
      assertThat(retention.purge()).isZero();
      stores.clock().advance(Duration.ofDays(2));
      assertThat(retention.purge()).isEqualTo(3);
    }

    @Test
    void retention_notPositive_refused() {
      assertThatThrownBy(() -> new AuditRetention(database(), stores.clock(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("retention must be positive: PT0S");
    }
  }
}
