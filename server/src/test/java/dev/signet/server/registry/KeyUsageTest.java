package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import dev.signet.server.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyUsageTest {

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
    KeyUsage usage;

    Cases(Backend backend) {
      super(backend);
    }

    @BeforeEach
    void openUsage() {
      usage = new KeyUsage(database(), stores.clock());
      Actor admin = Actor.of("admin", null);
      registry.createPrincipal(PrincipalSpec.named("alice"), admin);
      registry.addKey("alice", KeyRegistration.of(SigningKey.generateEd25519().publicKey().withKid("k")), admin);
    }

    @AfterEach
    void closeUsage() {
      usage.close();
    }

    @Test
    void recordUse_manyUsesWithinAMinute_writtenOnceWithTheFirst() {
      usage.recordUse("alice", "k");
      stores.clock().advance(Duration.ofSeconds(30));
      usage.recordUse("alice", "k");
      usage.flush();

      assertThat(lastUsed()).isEqualTo(TestStores.START);
    }

    @Test
    void recordUse_aMinuteLater_movesLastUsedForward() {
      usage.recordUse("alice", "k");
      usage.flush();
      stores.clock().advance(Duration.ofSeconds(61));
      usage.recordUse("alice", "k");
      usage.flush();

      assertThat(lastUsed()).isEqualTo(TestStores.START.plusSeconds(61));
    }

    @Test
    void close_pendingUse_written() {
      usage.recordUse("alice", "k");
      usage.recordUse("alice", "unknown-kid");
      usage.close();

      assertThat(lastUsed()).isEqualTo(TestStores.START);
    }

    private Instant lastUsed() {
      return stores.registry().key("alice", "k").orElseThrow().lastUsedAt();
    }
  }
}
