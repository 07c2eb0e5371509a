package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.KeySourceException;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.storage.DatabaseUnavailableException;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import dev.signet.server.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachedPrincipalKeysTest {

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
    static final Actor ADMIN = Actor.of("admin", null);
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration STALE = Duration.ofMinutes(5);
    CachedPrincipalKeys keys;
    VerificationKey aliceKey;

    Cases(Backend backend) {
      super(backend);
    }

    @BeforeEach
    void addAlice() {
      keys = new CachedPrincipalKeys(registry, TTL, Duration.ZERO, stores.clock());
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      aliceKey = SigningKey.generateEd25519().publicKey();
      registry.addKey("alice", KeyRegistration.of(aliceKey), ADMIN);
    }

    @Test
    void keysOf_enabledPrincipal_itsEnabledKeys() {
      VerificationKey off = SigningKey.generateEd25519().publicKey().withKid("off");
      registry.addKey("alice", KeyRegistration.of(off), ADMIN);
      registry.setKeyDisabled("alice", "off", true, ADMIN);

      assertThat(keys.keysOf("alice")).contains(List.of(aliceKey));
    }

    @Test
    void keysOf_unknownDisabledOrImpossiblePrincipal_empty() {
      registry.createPrincipal(PrincipalSpec.named("bob").withEnabled(false), ADMIN);

      assertThat(keys.keysOf("ghost")).isEmpty();
      assertThat(keys.keysOf("bob")).isEmpty();
      assertThat(keys.keysOf("x'; DROP TABLE principals;--")).isEmpty();
      assertThat(keys.keysOf("a".repeat(10_000))).isEmpty();
    }

    @Test
    void keysOf_enabledPrincipalWithoutKeys_emptyList() {
      registry.createPrincipal(PrincipalSpec.named("bob"), ADMIN);

      assertThat(keys.keysOf("bob")).contains(List.of());
    }

    @Test
    void keysOf_validityWindow_judgedOnEveryCallEvenWhileCached() {
      VerificationKey later = SigningKey.generateEd25519().publicKey().withKid("later");
      registry.addKey("alice", KeyRegistration.of(later)
          .withValidity(TestStores.START.plusSeconds(1), TestStores.START.plusSeconds(3)), ADMIN);

      assertThat(keys.keysOf("alice")).contains(List.of(aliceKey));
      stores.clock().advance(Duration.ofSeconds(1));
      assertKeysOfAlice(aliceKey, later);
      stores.clock().advance(Duration.ofSeconds(2));
      assertThat(keys.keysOf("alice")).contains(List.of(aliceKey));
    }

    @Test
    void keysOf_changeThroughTheSameRegistry_visibleAtOnce() {
      assertThat(keys.keysOf("alice")).isPresent();

      VerificationKey second = SigningKey.generateEd25519().publicKey();
      registry.addKey("alice", KeyRegistration.of(second), ADMIN);
      assertKeysOfAlice(aliceKey, second);

      registry.updatePrincipal("alice", p -> p.withEnabled(false), ADMIN);
      assertThat(keys.keysOf("alice")).isEmpty();
    }

    @Test
    void keysOf_changeByAnotherInstance_visibleAfterTheTtl() {
      assertThat(keys.keysOf("alice")).contains(List.of(aliceKey));
      try (AuditLog otherAudit = new AuditLog(database(), stores.clock())) {
        KeyRegistry otherInstance = new KeyRegistry(database(), otherAudit, stores.clock());
        otherInstance.setKeyDisabled("alice", aliceKey.kid(), true, ADMIN);
      }

      stores.clock().advance(TTL.minusMillis(1));
      assertThat(keys.keysOf("alice")).contains(List.of(aliceKey));
      stores.clock().advance(Duration.ofMillis(1));
      assertThat(keys.keysOf("alice")).contains(List.of());
    }

    @Test
    void keysOf_databaseDownAndNothingCached_keySourceException() {
      try (Outage outage = new Outage(STALE)) {
        outage.keys.keysOf("alice");
        outage.start();

        assertThatThrownBy(() -> outage.keys.keysOf("bob"))
            .isInstanceOf(KeySourceException.class)
            .hasMessageStartingWith("cannot look up the keys of principal 'bob': database ");
      }
    }

    @Test
    void keysOf_databaseDownWithoutStaleIfError_keySourceExceptionOnceTheTtlIsOver() {
      try (Outage outage = new Outage(Duration.ZERO)) {
        assertThat(outage.keys.keysOf("alice")).isPresent();
        outage.start();

        assertThat(outage.keys.keysOf("alice")).as("still fresh").contains(List.of(aliceKey));
        stores.clock().advance(TTL);
        assertThatThrownBy(() -> outage.keys.keysOf("alice"))
            .isInstanceOf(KeySourceException.class)
            .hasMessageStartingWith("cannot look up the keys of principal 'alice': database ");
      }
    }

    /** gh-13: a database outage stalled every request; principals already cached now keep authenticating, for a stated time. */
    @Test
    void keysOf_databaseDown_cachedKeysServedUpToStaleIfErrorPastTheTtl() {
      try (Outage outage = new Outage(STALE)) {
        assertThat(outage.keys.keysOf("alice")).contains(List.of(aliceKey));
        assertThat(outage.keys.scopesOf("alice")).contains(java.util.Set.of());
        outage.start();

        stores.clock().advance(TTL);
        assertThat(outage.keys.keysOf("alice")).as("refresh failed: stale").contains(List.of(aliceKey));
        assertThat(outage.keys.scopesOf("alice")).contains(java.util.Set.of());
        stores.clock().advance(STALE.minusMillis(1));
        assertThat(outage.keys.keysOf("alice")).as("last moment of the window").contains(List.of(aliceKey));
        stores.clock().advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> outage.keys.keysOf("alice")).isInstanceOf(KeySourceException.class);
      }
    }

    @Test
    void keysOf_servedStale_triesTheDatabaseOncePerRetryInterval() {
      try (Outage outage = new Outage(STALE)) {
        outage.keys.keysOf("alice");
        outage.start();
        stores.clock().advance(TTL);
        outage.keys.keysOf("alice"); // the refresh that fails
        long tries = outage.tries();

        for (int i = 0; i < 20; i++) {
          assertThat(outage.keys.keysOf("alice")).contains(List.of(aliceKey));
        }
        assertThat(outage.tries()).as("no try before the interval is over").isEqualTo(tries);
        stores.clock().advance(outage.keys.retryInterval());
        outage.keys.keysOf("alice");
        outage.keys.keysOf("alice");
        assertThat(outage.tries()).as("one try once it is").isEqualTo(tries + 1);
      }
    }

    @Test
    void keysOf_databaseBack_freshKeysAgain() {
      try (Outage outage = new Outage(STALE)) {
        outage.keys.keysOf("alice");
        outage.start();
        stores.clock().advance(TTL);
        assertThat(outage.keys.keysOf("alice")).contains(List.of(aliceKey));
        registry.setKeyDisabled("alice", aliceKey.kid(), true, ADMIN); // another instance's change, during the outage

        outage.end();
        stores.clock().advance(outage.keys.retryInterval());

        assertThat(outage.keys.keysOf("alice")).as("refreshed").contains(List.of());
      }
    }

    private void assertKeysOfAlice(VerificationKey... expected) {
      assertThat(keys.keysOf("alice")).hasValueSatisfying(list -> assertThat(list).containsExactlyInAnyOrder(expected));
    }

    @Test
    void keysOf_defaultTtl_twoSeconds() {
      assertThat(CachedPrincipalKeys.DEFAULT_TTL).isEqualTo(Duration.ofSeconds(2));
      assertThat(CachedPrincipalKeys.DEFAULT_STALE_IF_ERROR).isEqualTo(Duration.ofMinutes(5));
      assertThat(new CachedPrincipalKeys(registry).keysOf("alice")).isEqualTo(Optional.of(List.of(aliceKey)));
    }

    /**
     * A cache whose registry reads the database through a switch: {@link #start()} makes every
     * read fail as an unreachable database does, {@link #end()} lets them through again.
     */
    final class Outage implements AutoCloseable {
      final CachedPrincipalKeys keys;
      private final java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
      private final java.util.concurrent.atomic.AtomicLong tries = new java.util.concurrent.atomic.AtomicLong();
      private final AuditLog audit;

      Outage(Duration staleIfError) {
        audit = new AuditLog(database(), stores.clock());
        KeyRegistry instance = new KeyRegistry(database(), audit, stores.clock());
        keys = new CachedPrincipalKeys(instance, principal -> {
          tries.incrementAndGet();
          if (down.get()) {
            throw new DatabaseUnavailableException("database test failed: connection refused", new java.sql.SQLException("refused"));
          }
          return instance.enabledKeysOf(principal);
        }, TTL, staleIfError, stores.clock());
      }

      void start() {
        down.set(true);
      }

      void end() {
        down.set(false);
      }

      long tries() {
        return tries.get();
      }

      @Override
      public void close() {
        audit.close();
      }
    }
  }
}
