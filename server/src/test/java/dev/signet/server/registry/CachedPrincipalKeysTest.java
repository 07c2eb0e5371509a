package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.KeySourceException;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.storage.Database;
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
    CachedPrincipalKeys keys;
    VerificationKey aliceKey;

    Cases(Backend backend) {
      super(backend);
    }

    @BeforeEach
    void addAlice() {
      keys = new CachedPrincipalKeys(registry, TTL, stores.clock());
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
      Database second = Database.open(jdbcUrl());
      AuditLog audit = new AuditLog(second, stores.clock());
      CachedPrincipalKeys overSecond = new CachedPrincipalKeys(new KeyRegistry(second, audit, stores.clock()), TTL, stores.clock());
      assertThat(overSecond.keysOf("alice")).isPresent();
      audit.close();
      second.close();

      assertThat(overSecond.keysOf("alice")).as("still cached").contains(List.of(aliceKey));
      stores.clock().advance(TTL);
      assertThatThrownBy(() -> overSecond.keysOf("alice"))
          .isInstanceOf(KeySourceException.class)
          .hasMessageStartingWith("cannot look up the keys of principal 'alice': database ");
    }

    private void assertKeysOfAlice(VerificationKey... expected) {
      assertThat(keys.keysOf("alice")).hasValueSatisfying(list -> assertThat(list).containsExactlyInAnyOrder(expected));
    }

    @Test
    void keysOf_defaultTtl_twoSeconds() {
      assertThat(CachedPrincipalKeys.DEFAULT_TTL).isEqualTo(Duration.ofSeconds(2));
      assertThat(new CachedPrincipalKeys(registry).keysOf("alice")).isEqualTo(Optional.of(List.of(aliceKey)));
    }
  }
}
