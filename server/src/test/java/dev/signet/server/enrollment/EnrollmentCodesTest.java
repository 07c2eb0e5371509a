package dev.signet.server.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditQuery;
import dev.signet.server.enrollment.EnrollmentException.Reason;
import dev.signet.server.registry.KeyRegistration;
import dev.signet.server.registry.PrincipalSpec;
import dev.signet.server.registry.RegisteredKey;
import dev.signet.server.registry.RegistryException;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import dev.signet.server.testing.TestStores;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EnrollmentCodesTest {

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
    static final Actor ANONYMOUS = Actor.anonymous("req-9", "203.0.113.9");
    EnrollmentCodes codes;

    Cases(Backend backend) {
      super(backend);
    }

    @BeforeEach
    void createAlice() {
      codes = stores.codes();
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
    }

    static VerificationKey newKey() {
      return SigningKey.generateEd25519().publicKey();
    }

    static void assertRefused(ThrowingCallable call, Reason reason, String message) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(EnrollmentException.class, e -> assertThat(e.reason()).isEqualTo(reason))
          .hasMessage(message);
    }

    @Test
    void issue_newCode_urlSafe192BitsStoredOnlyAsItsHash() {
      IssuedCode issued = codes.issue("alice", ADMIN);

      assertThat(issued.code()).matches("[A-Za-z0-9_-]{32}");
      assertThat(issued.toString()).doesNotContain(issued.code());
      assertThat(issued.enrollment().expiresAt()).isEqualTo(TestStores.START.plus(Duration.ofMinutes(15)));
      List<String> stored = allValues("enrollments");
      assertThat(stored).contains(EnrollmentCodes.hash(issued.code())).noneMatch(v -> v.contains(issued.code()));
      assertThat(allValues("audit_log")).noneMatch(v -> v.contains(issued.code()));
    }

    @Test
    void redeem_validCode_registersTheKeyAndRecordsWhichKey() {
      IssuedCode issued = codes.issue("alice", ADMIN);
      VerificationKey key = newKey();
      stores.clock().advance(Duration.ofMinutes(3));

      RegisteredKey added = codes.redeem(issued.code(), key, "req-2");

      assertThat(added.principal()).isEqualTo("alice");
      assertThat(added.enrollmentId()).isEqualTo(issued.enrollment().id());
      assertThat(stores.registry().keys("alice")).containsExactly(added);
      Enrollment used = codes.enrollments("alice").getFirst();
      assertThat(used.usedAt()).isEqualTo(TestStores.START.plus(Duration.ofMinutes(3)));
      assertThat(used.usedKid()).isEqualTo(key.kid());
      assertThat(used.usedThumbprint()).isEqualTo(key.thumbprint());
      assertThat(used.status(stores.clock().instant())).isEqualTo(Enrollment.Status.USED);
      assertThat(stores.audit().query(AuditQuery.of("alice").withAction(AuditAction.ENROLLMENT_REDEEM)))
          .singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.requestId()).isEqualTo("req-2");
            assertThat(e.kid()).isEqualTo(key.kid());
          });
    }

    @Test
    void redeem_secondTime_usedCodeAndTheFirstKeyStaysBound() {
      String code = codes.issue("alice", ADMIN).code();
      VerificationKey first = newKey();
      codes.redeem(code, first, null);

      assertRefused(() -> codes.redeem(code, newKey(), null), Reason.USED_CODE,
          "enrollment code was used already, at 2026-03-01T10:00:00Z");
      assertThat(stores.registry().keys("alice")).extracting(RegisteredKey::thumbprint).containsExactly(first.thumbprint());
    }

    @Test
    void redeem_atExpiry_expiredCodeAndNothingStored() {
      String code = codes.issue("alice", Duration.ofMinutes(15), ADMIN).code();
      stores.clock().advance(Duration.ofMinutes(15));

      assertRefused(() -> codes.redeem(code, newKey(), null), Reason.EXPIRED_CODE,
          "enrollment code expired at 2026-03-01T10:15:00Z");
      assertThat(count("principal_keys")).isZero();
    }

    @Test
    void redeem_revokedCode_revokedCode() {
      IssuedCode issued = codes.issue("alice", ADMIN);
      codes.revoke("alice", issued.enrollment().id(), ADMIN);

      assertRefused(() -> codes.redeem(issued.code(), newKey(), null), Reason.REVOKED_CODE,
          "enrollment code was revoked at 2026-03-01T10:00:00Z");
    }

    @Test
    void redeem_unknownOrMalformedCode_unknownCode() {
      for (String code : List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "' OR 1=1 --", "", "x".repeat(1_000_000))) {
        assertRefused(() -> codes.redeem(code, newKey(), null), Reason.UNKNOWN_CODE, "unknown enrollment code");
      }
      assertThat(count("principal_keys")).isZero();
    }

    /** A key parser that must not run: parsing is what a caller without a valid code must not cause. */
    static java.util.function.Supplier<VerificationKey> mustNotParse() {
      return () -> {
        throw new AssertionError("the key was parsed before the code was claimed");
      };
    }

    @Test // gh-12 item 1: the key was parsed (43 s of CPU for a crafted one) before the code was looked at
    void redeem_malformedUnknownUsedRevokedOrExpiredCode_refusedWithoutParsingTheKey() {
      String used = codes.issue("alice", ADMIN).code();
      codes.redeem(used, newKey(), null);
      IssuedCode revoked = codes.issue("alice", ADMIN);
      codes.revoke("alice", revoked.enrollment().id(), ADMIN);
      String expired = codes.issue("alice", Duration.ofMinutes(1), ADMIN).code();
      stores.clock().advance(Duration.ofMinutes(2));

      assertRefused(() -> codes.redeem("not a code", mustNotParse(), ANONYMOUS), Reason.UNKNOWN_CODE, "unknown enrollment code");
      assertRefused(() -> codes.redeem("A".repeat(32), mustNotParse(), ANONYMOUS), Reason.UNKNOWN_CODE, "unknown enrollment code");
      assertThatThrownBy(() -> codes.redeem(used, mustNotParse(), ANONYMOUS)).hasMessageStartingWith("enrollment code was used already");
      assertThatThrownBy(() -> codes.redeem(revoked.code(), mustNotParse(), ANONYMOUS)).hasMessageStartingWith("enrollment code was revoked");
      assertThatThrownBy(() -> codes.redeem(expired, mustNotParse(), ANONYMOUS)).hasMessageStartingWith("enrollment code expired");
    }

    @Test
    void redeem_keyTheParserRefuses_codeStaysUsable() {
      String code = codes.issue("alice", ADMIN).code();

      assertThatThrownBy(() -> codes.redeem(code, () -> VerificationKey.parse("not a key"), ANONYMOUS))
          .isInstanceOf(dev.signet.UnusableKeyException.class);

      assertThat(codes.enrollments("alice").getFirst().usedAt()).isNull();
      assertThat(codes.redeem(code, newKey(), null).principal()).isEqualTo("alice");
    }

    @Test
    void redeem_codeWithSurroundingWhitespace_accepted() {
      String code = codes.issue("alice", ADMIN).code();

      assertThat(codes.redeem("  " + code + "\n", newKey(), null).principal()).isEqualTo("alice");
    }

    @Test
    void redeem_keyTheRegistryRefuses_codeStaysUsable() {
      VerificationKey taken = newKey();
      stores.registry().createPrincipal(PrincipalSpec.named("bob"), ADMIN);
      stores.registry().addKey("bob", KeyRegistration.of(taken), ADMIN);
      String code = codes.issue("alice", ADMIN).code();

      assertThatThrownBy(() -> codes.redeem(code, taken, null))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.KEY_HELD_ELSEWHERE));
      assertThat(codes.enrollments("alice").getFirst().usedAt()).isNull();

      assertThat(codes.redeem(code, newKey(), null).principal()).isEqualTo("alice");
    }

    @Test
    void redeem_refused_auditedWithoutTheCode() {
      String code = codes.issue("alice", ADMIN).code();
      codes.redeem(code, newKey(), null);
      assertThatThrownBy(() -> codes.redeem(code, newKey(), "req-3"));
      stores.audit().flush();

      assertThat(stores.audit().query(AuditQuery.of("alice").withAction(AuditAction.ENROLLMENT_REDEEM)))
          .filteredOn(e -> e.outcome() == AuditEvent.Outcome.FAILURE)
          .singleElement().satisfies(e -> {
            assertThat(e.requestId()).isEqualTo("req-3");
            assertThat(e.reason()).startsWith("USED_CODE: enrollment code was used already").doesNotContain(code);
          });
    }

    @Test
    void redeem_fiftyConcurrentRedemptions_exactlyOneSucceeds() throws Exception {
      String code = codes.issue("alice", ADMIN).code();
      int n = 50;
      List<VerificationKey> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add(newKey());
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RegisteredKey>> attempts = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
        for (VerificationKey key : keys) {
          attempts.add(pool.submit(() -> {
            start.await();
            return codes.redeem(code, key, null);
          }));
        }
        start.countDown();
      }

      List<RegisteredKey> enrolled = new ArrayList<>();
      List<Throwable> refused = new ArrayList<>();
      for (Future<RegisteredKey> attempt : attempts) {
        try {
          enrolled.add(attempt.get());
        } catch (ExecutionException e) {
          refused.add(e.getCause());
        }
      }
      assertThat(enrolled).hasSize(1);
      assertThat(refused).hasSize(n - 1).allSatisfy(e -> assertThat(e)
          .isInstanceOfSatisfying(EnrollmentException.class, r -> assertThat(r.reason()).isEqualTo(Reason.USED_CODE)));
      assertThat(stores.registry().keys("alice")).containsExactlyElementsOf(enrolled);
      assertThat(codes.enrollments("alice").getFirst().usedThumbprint()).isEqualTo(enrolled.getFirst().thumbprint());
    }

    @Test
    void enrollments_several_newestFirstWithoutCodes() {
      IssuedCode older = codes.issue("alice", ADMIN);
      stores.clock().advance(Duration.ofSeconds(1));
      IssuedCode newer = codes.issue("alice", ADMIN);

      assertThat(codes.enrollments("alice")).extracting(Enrollment::id)
          .containsExactly(newer.enrollment().id(), older.enrollment().id());
      assertThat(codes.enrollments("alice").getFirst()).isEqualTo(newer.enrollment());
    }

    @Test
    void revoke_usedEnrollment_enrollmentUsed() {
      IssuedCode issued = codes.issue("alice", ADMIN);
      VerificationKey key = newKey();
      codes.redeem(issued.code(), key, null);

      assertRefused(() -> codes.revoke("alice", issued.enrollment().id(), ADMIN), Reason.ENROLLMENT_USED,
          "enrollment " + issued.enrollment().id() + " of principal 'alice' was used at 2026-03-01T10:00:00Z (kid '"
              + key.kid() + "'); delete the key instead");
    }

    @Test
    void revoke_enrollmentOfAnotherPrincipal_unknownEnrollment() {
      stores.registry().createPrincipal(PrincipalSpec.named("bob"), ADMIN);
      long bobs = codes.issue("bob", ADMIN).enrollment().id();

      assertRefused(() -> codes.revoke("alice", bobs, ADMIN), Reason.UNKNOWN_ENROLLMENT,
          "principal 'alice' has no enrollment " + bobs);
      assertThat(codes.enrollments("bob").getFirst().revokedAt()).isNull();
    }

    @Test
    void revoke_twice_secondChangesNothing() {
      IssuedCode issued = codes.issue("alice", ADMIN);
      Enrollment revoked = codes.revoke("alice", issued.enrollment().id(), ADMIN);
      stores.clock().advance(Duration.ofMinutes(1));

      assertThat(codes.revoke("alice", issued.enrollment().id(), ADMIN)).isEqualTo(revoked);
      assertThat(revoked.status(stores.clock().instant())).isEqualTo(Enrollment.Status.REVOKED);
    }

    @Test
    void issue_unknownPrincipal_unknownPrincipal() {
      assertThatThrownBy(() -> codes.issue("ghost", ADMIN))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNKNOWN_PRINCIPAL))
          .hasMessage("no principal 'ghost'");
    }

    @Test
    void issue_lifetimeNotPositive_refused() {
      assertThatThrownBy(() -> codes.issue("alice", Duration.ZERO, ADMIN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("enrollment code lifetime must be positive and at most PT168H: PT0S");
    }

    private List<String> allValues(String table) {
      return database().inTransaction(c -> {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = row.getMetaData();
          while (row.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              values.add(String.valueOf(row.getObject(i)));
            }
          }
        }
        return values;
      });
    }
  }
}
