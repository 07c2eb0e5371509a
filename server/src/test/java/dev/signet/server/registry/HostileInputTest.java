package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.registry.RegistryException.Reason;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Input an attacker or a careless script might send: every piece refused with a typed error, nothing stored. */
class HostileInputTest {
  static final List<String> BAD_NAMES = List.of(
      "x'; DROP TABLE principals;--",
      "alice' OR '1'='1",
      "ålice",
      "ａｌｉｃｅ",                 // fullwidth letters
      "\u202Eecila",              // right-to-left override
      "alice\u0000",
      "alice\n",
      " alice",
      "alice ",
      "al ice",
      "al\tice",
      "",
      ".",
      "..",
      "../admin",
      "alice/bob",
      "%2e%2e",
      "a".repeat(65),
      "a".repeat(1_000_000));

  static final List<String> BAD_KIDS = List.of(
      "../../etc/passwd",
      "..",
      ".",
      "a/../b",
      "a/./b",
      "/etc/passwd",
      "keys/",
      "a//b",
      "..\\..\\windows",
      "%2e%2e%2f",
      "kid with spaces",
      "ключ",
      "x'; DROP TABLE principal_keys;--",
      "k".repeat(255) + "/");

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
    Cases(Backend backend) {
      super(backend);
    }

    static void assertRefused(ThrowingCallable call, Reason reason) {
      assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class, e -> {
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n", "\u0000");
      });
    }

    @Test
    void createPrincipal_hostileNames_invalidNameAndNothingStored() {
      for (String name : BAD_NAMES) {
        assertRefused(() -> registry.createPrincipal(PrincipalSpec.named(name), ADMIN), Reason.INVALID_NAME);
        assertRefused(() -> registry.principal(name), Reason.INVALID_NAME);
        assertRefused(() -> registry.deletePrincipal(name, ADMIN), Reason.INVALID_NAME);
        assertRefused(() -> stores.codes().issue(name, ADMIN), Reason.INVALID_NAME);
      }

      assertThat(count("principals")).isZero();
      assertThat(count("audit_log")).isZero();
    }

    @Test
    void createPrincipal_sqlMetacharacters_messageQuotesTheValueAndTheTablesSurvive() {
      assertThatThrownBy(() -> registry.createPrincipal(PrincipalSpec.named("x'; DROP TABLE principals;--"), ADMIN))
          .hasMessage("principal name must be 1-64 characters of [A-Za-z0-9._@-]: 'x'; DROP TABLE principals;--'");
      assertThatThrownBy(() -> registry.createPrincipal(PrincipalSpec.named("a".repeat(1_000_000)), ADMIN))
          .hasMessage("principal name must be 1-64 characters of [A-Za-z0-9._@-]: '"
              + "a".repeat(48) + "'… (1000000 characters)");
      assertThatThrownBy(() -> registry.createPrincipal(PrincipalSpec.named("alice\n"), ADMIN))
          .hasMessage("principal name must be 1-64 characters of [A-Za-z0-9._@-]: 'alice\\u000a'");
      assertThatThrownBy(() -> registry.createPrincipal(PrincipalSpec.named("\u202Eecila\u00A0"), ADMIN))
          .hasMessage("principal name must be 1-64 characters of [A-Za-z0-9._@-]: '\\u202eecila\\u00a0'");

      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      assertThat(registry.principals()).extracting(Principal::name).containsExactly("alice");
    }

    @Test
    void addKey_hostileKids_invalidKidAndNothingStored() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      VerificationKey key = SigningKey.generateEd25519().publicKey();

      for (String kid : BAD_KIDS) {
        assertRefused(() -> registry.addKey("alice", KeyRegistration.of(key.withKid(kid)), ADMIN), Reason.INVALID_KID);
        assertRefused(() -> registry.deleteKey("alice", kid, ADMIN), Reason.INVALID_KID);
      }

      assertThat(count("principal_keys")).isZero();
    }

    @Test
    void addKey_asapStyleKid_accepted() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      VerificationKey key = SigningKey.generateEd25519().publicKey().withKid("orders-service/2026-03.key");

      assertThat(registry.addKey("alice", KeyRegistration.of(key), ADMIN).kid()).isEqualTo("orders-service/2026-03.key");
    }

    @Test
    void addKey_hostileLabels_storedAsCoreCleanedThem() {
      registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);
      // core's VerificationKey already turns control characters into spaces and cuts labels at 256,
      // so Names.label is a second line of defence that keys made by core never trip
      List<String> labels = List.of("x".repeat(257), "bell\u0007", "two\nlines");
      for (String label : labels) {
        registry.addKey("alice", KeyRegistration.of(SigningKey.generateEd25519().publicKey().withLabel(label)), ADMIN);
      }

      assertThat(registry.keys("alice")).extracting(RegisteredKey::label)
          .containsExactlyInAnyOrder("x".repeat(256), "bell", "two lines");
    }

    @Test
    void principalSpec_hostileRolesScopesAndJwksUris_refused() {
      for (String role : List.of("admin everything", "", "r".repeat(65), "röle", "a\"b")) {
        assertRefused(() -> PrincipalSpec.named("alice").withRoles(Set.of(role)), Reason.INVALID_ROLE);
      }
      for (String scope : List.of("read write", "", "s".repeat(129), "quote\"d", "back\\slash", "ümlaut")) {
        assertRefused(() -> PrincipalSpec.named("alice").withScopes(Set.of(scope)), Reason.INVALID_SCOPE);
      }
      assertRefused(() -> PrincipalSpec.named("alice").withScopes(
          IntStream.range(0, 51).mapToObj(i -> "s" + i).toList()), Reason.INVALID_SCOPE);
      assertRefused(() -> PrincipalSpec.named("alice").withRoles(java.util.Arrays.asList("admin", null)), Reason.INVALID_ROLE);
      assertRefused(() -> PrincipalSpec.named("alice").withScopes(java.util.Arrays.asList((String) null)), Reason.INVALID_SCOPE);
      for (String uri : List.of("file:///etc/passwd", "javascript:alert(1)", "/relative/jwks.json",
          "http://keys.example/jwks.json", "https://" + "h".repeat(2100) + ".example/jwks")) {
        assertRefused(() -> PrincipalSpec.named("alice").withJwksUri(URI.create(uri)), Reason.INVALID_JWKS_URI);
      }
      assertThat(count("principals")).isZero();
    }

    @Test
    void updatePrincipal_hostileChange_refusedAndPrincipalUnchanged() {
      Principal alice = registry.createPrincipal(PrincipalSpec.named("alice"), ADMIN);

      assertRefused(() -> registry.updatePrincipal("alice", p -> p.withEnabled(false).withRoles(Set.of("x y")), ADMIN),
          Reason.INVALID_ROLE);

      assertThat(registry.principal("alice")).contains(alice);
    }
  }
}
