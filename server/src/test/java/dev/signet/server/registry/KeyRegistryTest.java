package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditQuery;
import dev.signet.server.registry.RegistryException.Reason;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import dev.signet.server.testing.TestStores;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyRegistryTest {

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
    static final Actor ADMIN = Actor.of("admin", "req-1");
    Cases(Backend backend) {
      super(backend);
    }

    static VerificationKey newKey() {
      return SigningKey.generateEd25519().publicKey();
    }

    /** What the attempts that failed threw. */
    static List<Throwable> refusals(List<Future<?>> attempts) throws InterruptedException {
      List<Throwable> refusals = new ArrayList<>();
      for (Future<?> attempt : attempts) {
        try {
          attempt.get();
        } catch (java.util.concurrent.ExecutionException e) {
          refusals.add(e.getCause());
        }
      }
      return refusals;
    }

    static void assertRefused(ThrowingCallable call, Reason reason, String message) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(reason))
          .hasMessage(message);
    }

    @Test
    void createPrincipal_validSpec_storedAndAudited() {
      PrincipalSpec spec = PrincipalSpec.named("svc.orders@prod")
          .withRoles(Set.of("reader", "admin"))
          .withScopes(Set.of("orders:read", "orders:write"))
          .withJwksUri(URI.create("https://orders.example/jwks.json"));

      Principal created = registry.createPrincipal(spec, ADMIN);

      assertThat(registry.principal("svc.orders@prod")).contains(created);
      assertThat(created.roles()).containsExactly("admin", "reader");
      assertThat(created.createdAt()).isEqualTo(TestStores.START).isEqualTo(created.updatedAt());
      List<AuditEvent> audit = stores.audit().query(AuditQuery.of("svc.orders@prod"));
      assertThat(audit).singleElement().satisfies(e -> {
        assertThat(e.action()).isEqualTo(AuditAction.PRINCIPAL_CREATE);
        assertThat(e.actor()).isEqualTo("admin");
        assertThat(e.requestId()).isEqualTo("req-1");
        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
      });
    }

    @Test
    void createPrincipal_existingName_principalExists() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);

      assertRefused(() -> registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN),
          Reason.PRINCIPAL_EXISTS, "principal 'alice' already exists");
    }

    @Test
    void createPrincipal_nameDifferingOnlyInCase_principalExistsNamingTheOther() {
      registry.createPrincipal(PrincipalSpec.named("admin"), ADMIN);

      assertRefused(() -> registry.createPrincipal(PrincipalSpec.named("Admin"), ADMIN), Reason.PRINCIPAL_EXISTS,
          "principal 'Admin' clashes with existing principal 'admin' (names are unique regardless of case)");
      assertThat(count("principals")).isOne();
    }

    @Test
    void principals_several_listedByName() {
      for (String name : List.of("carol", "alice", "bob")) {
        registry.createPrincipal(PrincipalSpec.named(name), ADMIN);
      }

      assertThat(registry.principals()).extracting(Principal::name).containsExactly("alice", "bob", "carol");
      assertThat(registry.principal("dave")).isEmpty();
    }

    @Test
    void updatePrincipal_changedAttributes_storedAndAuditedAsDifference() {
      registry.createPrincipal(PrincipalSpec.named("alice").withRoles(Set.of("reader")), ADMIN);
      stores.clock().advance(Duration.ofMinutes(5));

      Principal updated = registry.updatePrincipal("alice", p -> p.withEnabled(false).withScopes(Set.of("a")), ADMIN);

      assertThat(updated.enabled()).isFalse();
      assertThat(updated.roles()).containsExactly("reader");
      assertThat(updated.updatedAt()).isEqualTo(TestStores.START.plus(Duration.ofMinutes(5)));
      assertThat(registry.principal("alice")).contains(updated);
      assertThat(stores.audit().query(AuditQuery.of("alice").withAction(AuditAction.PRINCIPAL_UPDATE)))
          .singleElement().extracting(AuditEvent::reason).isEqualTo("scopes: [] -> [a]; enabled: true -> false");
    }

    @Test
    void updatePrincipal_unknown_unknownPrincipal() {
      assertRefused(() -> registry.updatePrincipal("ghost", p -> p, ADMIN), Reason.UNKNOWN_PRINCIPAL, "no principal 'ghost'");
    }

    @Test
    void updatePrincipal_rename_refused() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);

      assertThatThrownBy(() -> registry.updatePrincipal("alice", p -> PrincipalSpec.named("mallory"), ADMIN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a principal cannot be renamed: 'alice' to 'mallory'");
    }

    @Test
    void deletePrincipal_withKeysAndEnrollments_removesThemButKeepsTheAudit() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey()), ADMIN);
      String code = stores.codes().issue("alice", ADMIN).code();
      stores.codes().redeem(code, newKey(), null);

      registry.deletePrincipal("alice", ADMIN);

      assertThat(registry.principal("alice")).isEmpty();
      assertThat(count("principal_keys")).isZero();
      assertThat(count("enrollments")).isZero();
      assertThat(stores.audit().query(AuditQuery.of("alice"))).extracting(AuditEvent::action)
          .contains(AuditAction.PRINCIPAL_DELETE, AuditAction.PRINCIPAL_CREATE);
      assertRefused(() -> registry.deletePrincipal("alice", ADMIN), Reason.UNKNOWN_PRINCIPAL, "no principal 'alice'");
    }

    @Test
    void addKey_openSshKey_storesItsAttributesAndRoundTrips() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      VerificationKey key = SigningKey.generate(Algorithm.ES256).publicKey().withLabel("alice@laptop");

      RegisteredKey added = registry.addKey("alice", KeyRegistration.of(key), ADMIN);

      assertThat(added.kid()).isEqualTo(key.thumbprint());
      assertThat(added.thumbprint()).isEqualTo(key.thumbprint());
      assertThat(added.type()).isEqualTo(KeyType.EC);
      assertThat(added.algorithm()).isEqualTo(Algorithm.ES256);
      assertThat(added.label()).isEqualTo("alice@laptop");
      assertThat(added.createdAt()).isEqualTo(TestStores.START);
      assertThat(added.lastUsedAt()).isNull();
      assertThat(registry.keys("alice")).containsExactly(added);
      assertThat(registry.key("alice", added.kid()).orElseThrow().verificationKey()).isEqualTo(key);
    }

    @Test
    void addKey_duplicateKid_duplicateKidAndNothingStored() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey().withKid("k1")), ADMIN);

      assertRefused(() -> registry.addKey("alice", KeyRegistration.of(newKey().withKid("k1")), ADMIN),
          Reason.DUPLICATE_KID, "principal 'alice' already has a key with kid 'k1'");
      assertThat(count("principal_keys")).isOne();
    }

    @Test
    void addKey_keyOfAnotherPrincipal_alreadyRegistered() {
      VerificationKey key = newKey();
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      registry.createPrincipal(PrincipalSpec.named("bob"), ADMIN);
      registry.addKey("alice", KeyRegistration.of(key), ADMIN);

      assertRefused(() -> registry.addKey("bob", KeyRegistration.of(key.withKid("bobs")), ADMIN),
          Reason.KEY_HELD_ELSEWHERE, "this key (thumbprint " + key.thumbprint()
              + ") is registered for principal 'alice' as kid '" + key.thumbprint() + "'; delete it there first if it belongs to 'bob'");
      assertRefused(() -> registry.addKey("alice", KeyRegistration.of(key.withKid("again")), ADMIN),
          Reason.KEY_ALREADY_REGISTERED, "this key (thumbprint " + key.thumbprint()
              + ") is already registered for this principal as kid '" + key.thumbprint() + "'");
    }

    @Test
    void addKey_sameKeyConcurrentlyForManyPrincipals_exactlyOneRegistersIt() throws Exception {
      VerificationKey key = newKey();
      int n = 10;
      for (int i = 0; i < n; i++) {
        registry.createPrincipal(PrincipalSpec.named("p" + i), ADMIN);
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> attempts = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
        for (int i = 0; i < n; i++) {
          String name = "p" + i;
          attempts.add(pool.submit(() -> {
            start.await();
            return registry.addKey(name, KeyRegistration.of(key), ADMIN);
          }));
        }
        start.countDown();
      }

      List<Throwable> refusals = refusals(attempts);
      assertThat(refusals).hasSize(n - 1).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RegistryException.class,
          r -> assertThat(r.reason()).isIn(Reason.KEY_HELD_ELSEWHERE, Reason.KEY_ALREADY_REGISTERED))); // the latter: lost the race
      assertThat(count("principal_keys")).isOne();
    }

    @Test // gh-12 item 5: 80 keys were registered for one principal
    void addKey_beyondTheCap_tooManyKeysAndNothingStored() {
      KeyRegistry capped = new KeyRegistry(database(), stores.audit(), stores.clock(), 3);
      capped.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      for (int i = 0; i < 3; i++) {
        capped.addKey("alice", KeyRegistration.of(newKey()), ADMIN);
      }

      assertRefused(() -> capped.addKey("alice", KeyRegistration.of(newKey()), ADMIN), Reason.TOO_MANY_KEYS,
          "principal 'alice' has 3 keys, the most one principal may have (--max-keys-per-principal 3); delete one first");
      assertThat(count("principal_keys")).isEqualTo(3L);
      capped.deleteKey("alice", capped.keys("alice").getFirst().kid(), ADMIN);
      capped.addKey("alice", KeyRegistration.of(newKey()), ADMIN);
      assertThat(count("principal_keys")).isEqualTo(3L);
    }

    @Test
    void addKey_defaultCap_32() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      for (int i = 0; i < KeyRegistry.DEFAULT_MAX_KEYS; i++) {
        registry.addKey("alice", KeyRegistration.of(newKey()), ADMIN);
      }

      assertThatThrownBy(() -> registry.addKey("alice", KeyRegistration.of(newKey()), ADMIN))
          .hasMessageContaining("has 32 keys, the most one principal may have");
    }

    @Test
    void addKey_concurrentAddsAtTheCap_neverMoreThanTheCap() throws Exception {
      KeyRegistry capped = new KeyRegistry(database(), stores.audit(), stores.clock(), 5);
      capped.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      int n = 20;
      List<VerificationKey> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add(newKey());
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> attempts = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
        for (VerificationKey key : keys) {
          attempts.add(pool.submit(() -> {
            start.await();
            return capped.addKey("alice", KeyRegistration.of(key), ADMIN);
          }));
        }
        start.countDown();
      }

      List<Throwable> refusals = refusals(attempts);
      assertThat(refusals).hasSize(n - 5).allSatisfy(e -> assertThat(e)
          .isInstanceOfSatisfying(RegistryException.class, r -> assertThat(r.reason()).isEqualTo(Reason.TOO_MANY_KEYS)));
      assertThat(count("principal_keys")).isEqualTo(5L);
    }

    @Test
    void keysAndPrincipals_pages_followOnWithoutGapsOrRepeats() {
      for (String name : List.of("erin", "bob", "dave", "alice", "carol")) {
        registry.createPrincipal(PrincipalSpec.named(name), ADMIN);
      }
      for (int i = 0; i < 5; i++) {
        registry.addKey("alice", KeyRegistration.of(newKey().withKid("k" + (4 - i))), ADMIN); // same created_at: by kid
      }

      assertThat(registry.principals(null, 2)).extracting(Principal::name).containsExactly("alice", "bob");
      assertThat(registry.principals("bob", 2)).extracting(Principal::name).containsExactly("carol", "dave");
      assertThat(registry.principals("dave", 2)).extracting(Principal::name).containsExactly("erin");
      List<RegisteredKey> first = registry.keys("alice", null, 3);
      assertThat(first).extracting(RegisteredKey::kid).containsExactly("k0", "k1", "k2");
      RegisteredKey last = first.getLast();
      assertThat(registry.keys("alice", new KeyRegistry.KeyPosition(last.createdAt(), last.kid()), 3))
          .extracting(RegisteredKey::kid).containsExactly("k3", "k4");
    }

    @Test
    void addKey_unknownPrincipal_unknownPrincipal() {
      assertRefused(() -> registry.addKey("ghost", KeyRegistration.of(newKey()), ADMIN),
          Reason.UNKNOWN_PRINCIPAL, "no principal 'ghost'");
    }

    @Test
    void addKey_validityEndingBeforeItStarts_invalidValidity() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      KeyRegistration reversed = KeyRegistration.of(newKey())
          .withValidity(TestStores.START.plusSeconds(60), TestStores.START);

      assertRefused(() -> registry.addKey("alice", reversed, ADMIN), Reason.INVALID_VALIDITY,
          "not_before must be before not_after: 2026-03-01T10:01:00Z is not before 2026-03-01T10:00:00Z");
    }

    @Test
    void deleteKey_ownLastEnabledKey_lastKeyButAdminMay() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey().withKid("only")), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey().withKid("off")), ADMIN);
      registry.setKeyDisabled("alice", "off", true, ADMIN);
      Actor alice = Actor.of("alice", null);

      assertRefused(() -> registry.deleteKey("alice", "only", alice), Reason.LAST_KEY,
          "cannot delete the last enabled key 'only' of principal 'alice'; add another key first");
      assertRefused(() -> registry.setKeyDisabled("alice", "only", true, alice), Reason.LAST_KEY,
          "cannot disable the last enabled key 'only' of principal 'alice'; add another key first");
      registry.deleteKey("alice", "off", alice);
      registry.deleteKey("alice", "only", ADMIN);

      assertThat(registry.keys("alice")).isEmpty();
    }

    @Test
    void deleteKey_ownKeyWithAnotherEnabled_deletedAndAudited() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey().withKid("old")), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey().withKid("new")), ADMIN);

      registry.deleteKey("alice", "old", Actor.of("alice", "req-9"));

      assertThat(registry.keys("alice")).extracting(RegisteredKey::kid).containsExactly("new");
      assertThat(stores.audit().query(AuditQuery.of("alice").withAction(AuditAction.KEY_DELETE)))
          .singleElement().satisfies(e -> {
            assertThat(e.kid()).isEqualTo("old");
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.requestId()).isEqualTo("req-9");
          });
    }

    @Test
    void deleteKey_unknownKid_unknownKey() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);

      assertRefused(() -> registry.deleteKey("alice", "nope", ADMIN), Reason.UNKNOWN_KEY,
          "principal 'alice' has no key with kid 'nope'");
    }

    @Test
    void setKeyDisabled_thenEnabled_keyFollows() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      registry.addKey("alice", KeyRegistration.of(newKey().withKid("k")), ADMIN);

      registry.setKeyDisabled("alice", "k", true, ADMIN);
      assertThat(registry.key("alice", "k").orElseThrow().disabled()).isTrue();
      registry.setKeyDisabled("alice", "k", false, ADMIN);
      assertThat(registry.key("alice", "k").orElseThrow().disabled()).isFalse();
    }

    @Test
    void keys_unknownPrincipal_unknownPrincipal() {
      assertRefused(() -> registry.keys("ghost"), Reason.UNKNOWN_PRINCIPAL, "no principal 'ghost'");
    }

    @Test
    void createPrincipal_auditWriteFailsAfterTheInsert_nothingStored() {
      renameAuditLog("audit_log", "audit_log_away");
      try {
        assertThatThrownBy(() -> registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN))
            .isInstanceOf(dev.signet.server.storage.DatabaseUnavailableException.class);
      } finally {
        renameAuditLog("audit_log_away", "audit_log");
      }

      assertThat(count("principals")).isZero();
    }

    @Test
    void addKey_auditWriteFailsAfterTheInsert_nothingStored() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      renameAuditLog("audit_log", "audit_log_away");
      try {
        assertThatThrownBy(() -> registry.addKey("alice", KeyRegistration.of(newKey()), ADMIN))
            .isInstanceOf(dev.signet.server.storage.DatabaseUnavailableException.class);
      } finally {
        renameAuditLog("audit_log_away", "audit_log");
      }

      assertThat(count("principal_keys")).isZero();
    }

    private void renameAuditLog(String from, String to) {
      database().inTransaction(c -> {
        try (var s = c.createStatement()) {
          return s.executeUpdate("ALTER TABLE " + from + " RENAME TO " + to);
        }
      });
    }
  }
}
