package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.Rejection;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenVerifier;
import dev.signet.UnavailableException;
import dev.signet.Verification;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditQuery;
import dev.signet.server.config.ConfigException;
import dev.signet.server.testing.Backend;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The signing keys over a real database and a clock the test moves: the first key, rotation by
 * hand and by schedule (published ahead, retired keys kept for the retention), retirement,
 * several instances on one database, and what the database holds.
 */
class SigningKeysTest {
  static final Duration PERIOD = Duration.ofDays(30);
  static final Duration AHEAD = Duration.ofMinutes(15);
  static final Duration RETENTION = Duration.ofMinutes(6);
  static final KeyRotation.Policy POLICY = new KeyRotation.Policy(Algorithm.ES256, 2048, PERIOD, AHEAD, RETENTION);
  static final Actor ADMIN = Actor.of("admin", "req-1");

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

  abstract static class Cases extends ServerKeysTestBase {
    Cases(Backend backend) {
      super(backend);
    }

    SigningKeys open(KeyRotation.Policy policy) {
      return closedAfterTest(SigningKeys.openUnscheduled(database(), master, stores.audit(), stores.clock(), policy, null));
    }

    SigningKeys open() {
      return open(POLICY);
    }

    Instant now() {
      return stores.clock().instant();
    }

    void advance(Duration by) {
      stores.clock().advance(by);
    }

    @Test
    void open_emptyDatabase_oneActiveKeyPublishedAndAudited() {
      SigningKeys keys = open();

      SigningKey current = keys.current();
      assertThat(current.algorithm()).isEqualTo(Algorithm.ES256);
      assertThat(current.kid()).isEqualTo(current.publicKey().thumbprint());
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(current.kid());
      ServerKey key = keys.published().getFirst();
      assertThat(key.status(now())).isEqualTo(ServerKey.Status.ACTIVE);
      assertThat(key.activatesAt()).isEqualTo(now());
      List<AuditEvent> created = stores.audit().query(AuditQuery.all().withAction(AuditAction.SERVER_KEY_CREATE));
      assertThat(created).singleElement().satisfies(e -> {
        assertThat(e.actor()).isNull();
        assertThat(e.kid()).isEqualTo(current.kid());
        assertThat(e.reason()).isEqualTo("first key: use=sig alg=ES256 active from " + now());
      });
    }

    @Test
    void open_again_sameKeyNoNewOne() {
      String kid = open().current().kid();

      assertThat(open().current().kid()).isEqualTo(kid);
      assertThat(count("server_keys")).isEqualTo(1);
    }

    @Test
    void rotate_newKeyPublishedAtOnce_signsOnlyAfterPublishAhead_oldOnePublishedForTheRetention() {
      SigningKeys keys = open();
      String old = keys.current().kid();

      ServerKey next = keys.rotate(null, ADMIN);

      assertThat(next.status(now())).isEqualTo(ServerKey.Status.PENDING);
      assertThat(next.activatesAt()).isEqualTo(now().plus(AHEAD));
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(old, next.kid());
      advance(AHEAD.minusMillis(1));
      assertThat(keys.current().kid()).isEqualTo(old);
      advance(Duration.ofMillis(1));
      assertThat(keys.current().kid()).isEqualTo(next.kid()); // no refresh needed: the takeover time was known
      ServerKey retired = keys.published().getFirst();
      assertThat(retired.status(now())).isEqualTo(ServerKey.Status.RETIRED);
      assertThat(retired.unpublishAt()).isEqualTo(next.activatesAt().plus(RETENTION));
      advance(RETENTION.minusMillis(1));
      assertThat(keys.published()).hasSize(2);
      advance(Duration.ofMillis(1));
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(next.kid());
      keys.tick();
      assertThat(count("server_keys")).isEqualTo(1);
    }

    @Test
    void rotate_anotherAlgorithm_usedForThatKeyOnly() {
      SigningKeys keys = open();

      ServerKey next = keys.rotate(Algorithm.EdDSA, ADMIN);
      advance(AHEAD);

      assertThat(next.algorithm()).isEqualTo(Algorithm.EdDSA);
      assertThat(keys.current().algorithm()).isEqualTo(Algorithm.EdDSA);
      assertThat(keys.current().publicKey().description()).isEqualTo("Ed25519");
    }

    @Test
    void rotate_whileAKeyWaits_conflictNamingIt() {
      SigningKeys keys = open();
      ServerKey next = keys.rotate(null, ADMIN);

      assertThatThrownBy(() -> keys.rotate(null, ADMIN))
          .isInstanceOfSatisfying(ServerKeyException.class, e -> assertThat(e.reason()).isEqualTo(ServerKeyException.Reason.CONFLICT))
          .hasMessage("key " + next.kid() + " is already waiting to take over at " + next.activatesAt()
              + "; retire it first to replace it");
      assertThat(count("server_keys")).isEqualTo(2);
    }

    @Test
    void schedule_newKeyPublishAheadBeforeThePeriodEnds_thenTakesOver() {
      SigningKeys keys = open();
      String first = keys.current().kid();

      advance(PERIOD.minus(AHEAD).minusSeconds(1));
      keys.tick();
      assertThat(keys.published()).hasSize(1);
      advance(Duration.ofSeconds(1));
      keys.tick();
      keys.tick();
      assertThat(keys.published()).hasSize(2);
      assertThat(keys.current().kid()).isEqualTo(first);
      advance(AHEAD);
      assertThat(keys.current().kid()).isNotEqualTo(first);
      assertThat(stores.audit().query(AuditQuery.all().withAction(AuditAction.SERVER_KEY_CREATE)))
          .extracting(AuditEvent::reason).anySatisfy(r -> assertThat(r).startsWith("scheduled rotation: use=sig alg=ES256"));
    }

    @Test
    void schedule_off_neverRotates() {
      SigningKeys keys = open(new KeyRotation.Policy(Algorithm.ES256, 2048, Duration.ZERO, AHEAD, RETENTION));

      advance(Duration.ofDays(3650));
      keys.tick();

      assertThat(keys.published()).hasSize(1);
    }

    @Test
    void schedule_twoInstancesTickingAtOnce_oneRotation_bothSignWithTheNewKeyAtTheSameInstant() throws Exception {
      SigningKeys a = open();
      SigningKeys b = open();
      advance(PERIOD.minus(AHEAD));

      CountDownLatch start = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> ticks = new ArrayList<>();
        for (SigningKeys instance : List.of(a, b, a, b)) {
          ticks.add(threads.submit((Callable<Void>) () -> {
            start.await();
            instance.tick();
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : ticks) {
          f.get();
        }
      } finally {
        threads.shutdownNow();
      }

      assertThat(count("server_keys")).isEqualTo(2);
      String old = a.current().kid();
      assertThat(b.current().kid()).isEqualTo(old);
      advance(AHEAD);
      assertThat(a.current().kid()).isNotEqualTo(old).isEqualTo(b.current().kid());
      assertThat(a.jwks()).isEqualTo(b.jwks());
    }

    @Test
    void retire_activeKeyWithNoneWaiting_newKeyActiveAtOnce_oldPublishedForTheRetention() {
      SigningKeys keys = open();
      String old = keys.current().kid();

      keys.retire(old, false, ADMIN);

      assertThat(keys.current().kid()).isNotEqualTo(old);
      ServerKey retired = keys.published().stream().filter(k -> k.kid().equals(old)).findFirst().orElseThrow();
      assertThat(retired.retiresAt()).isEqualTo(now());
      assertThat(retired.unpublishAt()).isEqualTo(now().plus(RETENTION));
      assertThat(stores.audit().query(AuditQuery.all().withAction(AuditAction.SERVER_KEY_RETIRE)))
          .singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.kid()).isEqualTo(old);
            assertThat(e.reason()).isEqualTo("use=sig");
          });
    }

    @Test
    void retire_activeKeyWhileOneWaits_theWaitingOneTakesOverAtOnce() {
      SigningKeys keys = open();
      String old = keys.current().kid();
      ServerKey next = keys.rotate(null, ADMIN);

      keys.retire(old, false, ADMIN);

      assertThat(keys.current().kid()).isEqualTo(next.kid());
      assertThat(count("server_keys")).isEqualTo(2);
    }

    @Test
    void retire_waitingKey_leavesTheJwksAtOnce_activeKeyStays() {
      SigningKeys keys = open();
      String active = keys.current().kid();
      ServerKey next = keys.rotate(null, ADMIN);

      keys.retire(next.kid(), false, ADMIN);
      advance(AHEAD.plus(Duration.ofDays(1)));

      assertThat(keys.current().kid()).isEqualTo(active);
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(active);
    }

    @Test
    void retire_compromised_outOfTheJwksAtOnce_itsTokensRefusedByOurOwnVerification() {
      SigningKeys keys = open();
      String token = keys.signer().sign(accessToken(), "at+jwt");
      TokenVerifier ours = TokenVerifier.builder(keys.verificationKeys()).issuer("https://auth.example").clock(stores.clock()).build();
      assertThat(ours.verify(token)).isInstanceOf(Verification.Valid.class);
      String kid = keys.current().kid();

      keys.retire(kid, true, ADMIN);

      assertThat(keys.published()).extracting(ServerKey::kid).doesNotContain(kid);
      assertThat(ours.verify(token)).isInstanceOfSatisfying(Verification.Invalid.class,
          i -> assertThat(i.reason()).isEqualTo(Rejection.UNKNOWN_KEY));
    }

    @Test
    void verificationKeys_retiredKeyAfterTheRetention_itsTokensRefused() {
      SigningKeys keys = open();
      String token = keys.signer().sign(accessToken(), "at+jwt");
      TokenVerifier ours = TokenVerifier.builder(keys.verificationKeys()).issuer("https://auth.example").clock(stores.clock()).build();
      keys.rotate(null, ADMIN);

      advance(AHEAD.plus(RETENTION).minusMillis(1));
      assertThat(ours.verify(token)).isInstanceOf(Verification.Valid.class);
      advance(Duration.ofMillis(1));
      assertThat(ours.verify(token)).isInstanceOfSatisfying(Verification.Invalid.class,
          i -> assertThat(i.reason()).isEqualTo(Rejection.UNKNOWN_KEY));
    }

    @Test
    void retire_unknownOrRetiredKey_refused() {
      SigningKeys keys = open();
      String old = keys.current().kid();
      keys.retire(old, false, ADMIN);

      assertThatThrownBy(() -> keys.retire("nope", false, ADMIN))
          .isInstanceOfSatisfying(ServerKeyException.class, e -> assertThat(e.reason()).isEqualTo(ServerKeyException.Reason.UNKNOWN_KEY))
          .hasMessage("no published sig key with kid 'nope'");
      assertThatThrownBy(() -> keys.retire(old, false, ADMIN))
          .isInstanceOfSatisfying(ServerKeyException.class, e -> assertThat(e.reason()).isEqualTo(ServerKeyException.Reason.CONFLICT))
          .hasMessage("key " + old + " was retired at " + now() + "; it leaves the JWKS at " + now().plus(RETENTION)
              + " (retire it as compromised to remove it now)");
      keys.retire(old, true, ADMIN); // a retired key found compromised later still leaves at once
      assertThat(keys.published()).extracting(ServerKey::kid).doesNotContain(old);
    }

    @Test
    void open_anotherMasterKey_refusedToStart() {
      open();
      master = MasterKey.parse(MasterKey.generateEncoded());

      assertThatThrownBy(this::open)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("the master key (MasterKey[AES-256-GCM key]) does not open the private key of server key ")
          .hasMessageEndingWith(": it is not the master key that sealed it, or the row was changed"
              + " (check --master-key-file / SIGNET_MASTER_KEY)");
    }

    @Test
    void current_sealedKeyCopiedFromAnotherRow_refusedNeverSignedWith() {
      SigningKeys keys = open();
      SigningKeys other = open();
      String old = keys.current().kid();
      ServerKey next = keys.rotate(null, ADMIN);
      database().execute(c -> { // the waiting key's sealed private key replaced by the active one's
        try (PreparedStatement s = c.prepareStatement(
            "UPDATE server_keys SET sealed_private_key = (SELECT sealed_private_key FROM server_keys WHERE kid = ?) WHERE kid = ?")) {
          s.setString(1, old);
          s.setString(2, next.kid());
          s.executeUpdate();
        }
      });
      other.tick();
      advance(AHEAD);

      assertThatThrownBy(other::current)
          .isInstanceOf(UnavailableException.class)
          .hasMessageStartingWith("the master key (MasterKey[AES-256-GCM key]) does not open the private key of server key " + next.kid());
    }

    @Test
    void database_holdsNoPrivateKeyInClear() throws java.io.IOException {
      SigningKeys keys = open(new KeyRotation.Policy(Algorithm.RS256, 2048, PERIOD, AHEAD, RETENTION));
      keys.rotate(Algorithm.EdDSA, ADMIN);
      SigningKey rsa = keys.current();

      List<String> cells = new ArrayList<>();
      database().execute(c -> {
        try (Statement s = c.createStatement(); var rows = s.executeQuery("SELECT * FROM server_keys")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              cells.add(String.valueOf(rows.getString(i)));
            }
          }
        }
      });
      String dump = String.join("\n", cells);
      String pkcs8 = java.util.Base64.getEncoder().encodeToString(rsa.privateKey().getEncoded());
      String d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rsa.toJwk()).path("d").asText();

      assertThat(cells).hasSize(2 * 10);
      assertThat(dump).doesNotContain("PRIVATE KEY", pkcs8.substring(40, 100), d.substring(0, 40), "\"d\"");
      if (backend() == Backend.H2) { // and the database file itself, byte for byte
        byte[] exponent = ((java.security.interfaces.RSAPrivateKey) rsa.privateKey()).getPrivateExponent().toByteArray();
        String file = jdbcUrl().substring("jdbc:h2:file:".length(), jdbcUrl().indexOf(';')) + ".mv.db";
        byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
        assertThat(indexOf(bytes, java.util.Arrays.copyOfRange(exponent, 8, 40))).isEqualTo(-1);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(pkcs8.substring(40, 100));
      }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    TokenClaims accessToken() {
      return TokenClaims.builder().issuer("https://auth.example").subject("svc").issuedAt(now())
          .expiresAt(now().plus(Duration.ofDays(1))).build();
    }
  }
}
