package dev.signet.server.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.enrollment.AdminBootstrap.AlreadyBootstrapped;
import dev.signet.server.enrollment.AdminBootstrap.CodeIssued;
import dev.signet.server.enrollment.AdminBootstrap.KeyInstalled;
import dev.signet.server.registry.Principal;
import dev.signet.server.registry.RegisteredKey;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdminBootstrapTest {

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
    AdminBootstrap bootstrap;

    Cases(Backend backend) {
      super(backend);
    }

    @BeforeEach
    void createBootstrap() {
      bootstrap = new AdminBootstrap(database(), registry, stores.codes());
    }

    @Test
    void run_withAdminKeyOnFirstStart_createsAdminWithRoleAndKey() {
      VerificationKey key = SigningKey.generateEd25519().publicKey();

      AdminBootstrap.Result result = bootstrap.run(key);

      assertThat(result).isInstanceOfSatisfying(KeyInstalled.class,
          r -> assertThat(r.key().thumbprint()).isEqualTo(key.thumbprint()));
      Principal admin = stores.registry().principal("admin").orElseThrow();
      assertThat(admin.roles()).containsExactly("admin");
      assertThat(admin.enabled()).isTrue();
      assertThat(stores.registry().keys("admin")).extracting(RegisteredKey::thumbprint).containsExactly(key.thumbprint());
    }

    @Test
    void run_secondStart_changesNothing() {
      VerificationKey key = SigningKey.generateEd25519().publicKey();
      bootstrap.run(key);

      assertThat(bootstrap.run(key)).isInstanceOf(AlreadyBootstrapped.class);
      assertThat(bootstrap.run(null)).isInstanceOf(AlreadyBootstrapped.class);
      assertThat(bootstrap.run(SigningKey.generateEd25519().publicKey())).isInstanceOf(AlreadyBootstrapped.class);
      assertThat(stores.registry().keys("admin")).hasSize(1);
      assertThat(count("enrollments")).isZero();
    }

    @Test
    void run_withoutAdminKey_createsAdminWithoutKeyAndIssuesACode() {
      AdminBootstrap.Result result = bootstrap.run(null);

      assertThat(result).isInstanceOfSatisfying(CodeIssued.class, r -> {
        assertThat(r.line()).isEqualTo("admin enrollment code: " + r.code().code());
        assertThat(r.code().enrollment().principal()).isEqualTo("admin");
      });
      assertThat(stores.registry().principal("admin").orElseThrow().roles()).containsExactly("admin");
      assertThat(stores.registry().keys("admin")).isEmpty();
    }

    @Test
    void run_restartBeforeEnrollment_revokesTheOlderCodeAndIssuesAFreshOne() {
      String first = ((CodeIssued) bootstrap.run(null)).code().code();
      String second = ((CodeIssued) bootstrap.run(null)).code().code();

      assertThatThrownBy(() -> stores.codes().redeem(first, SigningKey.generateEd25519().publicKey(), null))
          .isInstanceOfSatisfying(EnrollmentException.class,
              e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.REVOKED_CODE));
      stores.codes().redeem(second, SigningKey.generateEd25519().publicKey(), null);
      assertThat(bootstrap.run(null)).isInstanceOf(AlreadyBootstrapped.class);
    }

    @Test
    void run_adminKeyAfterACodeWasIssued_installsTheKeyAndRevokesTheCode() {
      String code = ((CodeIssued) bootstrap.run(null)).code().code();

      assertThat(bootstrap.run(SigningKey.generateEd25519().publicKey())).isInstanceOf(KeyInstalled.class);
      assertThatThrownBy(() -> stores.codes().redeem(code, SigningKey.generateEd25519().publicKey(), null))
          .isInstanceOfSatisfying(EnrollmentException.class,
              e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.REVOKED_CODE));
    }
  }
}
