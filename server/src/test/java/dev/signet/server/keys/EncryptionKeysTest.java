package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Decryption;
import dev.signet.EncryptionKey;
import dev.signet.JweDecrypter;
import dev.signet.JweEncrypter;
import dev.signet.KeyManagement;
import dev.signet.server.audit.Actor;
import dev.signet.server.testing.Backend;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The encryption keys over a real database: published with {@code use: enc}, sealed like the
 * signing keys, and decrypting across a rotation until the old key leaves the JWKS.
 */
class EncryptionKeysTest {
  static final Duration AHEAD = Duration.ofMinutes(15);
  static final Duration RETENTION = Duration.ofMinutes(6);
  static final KeyRotation.Policy POLICY =
      new KeyRotation.Policy(KeyManagement.RSA_OAEP_256.joseName(), 2048, Duration.ofDays(30), AHEAD, RETENTION);
  static final Actor ADMIN = Actor.of("admin", "req-1");
  static final byte[] SECRET = "{\"pin\":\"1234\"}".getBytes(StandardCharsets.UTF_8);

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

    EncryptionKeys open() {
      return closedAfterTest(EncryptionKeys.openUnscheduled(database(), master, stores.audit(), stores.clock(), POLICY));
    }

    @Test
    void rotate_newKeyEntersTheJwksWhenItTakesOver() {
      EncryptionKeys keys = open();
      String old = keys.published().getFirst().kid();

      ServerKey next = keys.rotateTo(null, ADMIN);

      assertThat(next.status(stores.clock().instant())).isEqualTo(ServerKey.Status.PENDING);
      assertThat(keys.jwks().json()).doesNotContain(next.kid());
      stores.clock().advance(AHEAD);
      assertThat(keys.jwks().json()).contains(old, next.kid());
    }

    String encryptTo(ServerKey key) {
      EncryptionKey to = EncryptionKey.of(key.publicKey().key()).withKid(key.kid())
          .withAlgorithm(KeyManagement.fromJoseName(key.alg()).orElseThrow());
      return JweEncrypter.builder(to).build().encrypt(SECRET);
    }

    @Test
    void open_emptyDatabase_oneEncKeyPublishedBesideNoSigningKey() {
      EncryptionKeys keys = open();

      assertThat(keys.published()).singleElement().satisfies(k -> {
        assertThat(k.use()).isEqualTo(KeyUse.ENC);
        assertThat(k.alg()).isEqualTo("RSA-OAEP-256");
        assertThat(k.kid()).isEqualTo(k.publicKey().thumbprint());
      });
      assertThat(keys.jwks().json()).contains("\"use\":\"enc\"", "\"alg\":\"RSA-OAEP-256\"");
    }

    @Test
    void decrypter_jweToThePublishedKey_decrypts() {
      EncryptionKeys keys = open();

      Decryption result = keys.decrypter().decrypt(encryptTo(keys.published().getFirst()));

      assertThat(result).isInstanceOfSatisfying(Decryption.Decrypted.class, d -> assertThat(d.payload()).isEqualTo(SECRET));
    }

    @Test
    void rotate_oldAndNewBothDecryptUntilTheOldOneLeavesTheJwks() {
      EncryptionKeys keys = open();
      ServerKey old = keys.published().getFirst();
      String toOld = encryptTo(old);

      ServerKey next = keys.rotateTo("ECDH-ES", ADMIN);
      String toNext = encryptTo(next);
      JweDecrypter decrypter = keys.decrypter();
      assertThat(decrypter.decrypt(toOld)).isInstanceOf(Decryption.Decrypted.class);
      assertThat(decrypter.decrypt(toNext)).isInstanceOf(Decryption.Decrypted.class); // pending: decrypts already
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(old.kid()); // but is not shown to clients yet

      stores.clock().advance(AHEAD); // next takes over; old is retired, still published
      keys.tick();
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(old.kid(), next.kid());
      assertThat(decrypter.decrypt(toOld)).isInstanceOf(Decryption.Decrypted.class);
      assertThat(decrypter.decrypt(toNext)).isInstanceOf(Decryption.Decrypted.class);

      stores.clock().advance(RETENTION.plusSeconds(1));
      keys.tick();
      assertThat(keys.published()).extracting(ServerKey::kid).containsExactly(next.kid());
      assertThat(decrypter.decrypt(toOld)).isInstanceOfSatisfying(Decryption.Refused.class,
          r -> assertThat(r.reason()).isEqualTo(Decryption.Reason.UNDECRYPTABLE));
      assertThat(decrypter.decrypt(toNext)).isInstanceOf(Decryption.Decrypted.class);
    }

    @Test
    void retire_compromised_stopsDecryptingAtOnce() {
      EncryptionKeys keys = open();
      ServerKey old = keys.published().getFirst();
      String toOld = encryptTo(old);

      keys.retire(old.kid(), true, ADMIN);

      assertThat(keys.decrypter().decrypt(toOld)).isInstanceOf(Decryption.Refused.class);
      assertThat(keys.published()).extracting(ServerKey::kid).doesNotContain(old.kid()).hasSize(1);
    }

    @Test
    void anotherInstance_sameDatabase_decryptsWhatTheFirstPublished() {
      EncryptionKeys first = open();
      EncryptionKeys second = open();

      assertThat(second.published()).isEqualTo(first.published());
      assertThat(second.decrypter().decrypt(encryptTo(first.published().getFirst()))).isInstanceOf(Decryption.Decrypted.class);
    }

    @Test
    void database_holdsThePrivateKeySealedOnly() {
      EncryptionKeys keys = open();
      String pem = keys.decryptionKeys().getFirst().toPem();
      String body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

      String sealed = database().inTransaction(c -> {
        try (PreparedStatement select = c.prepareStatement("SELECT sealed_private_key, key_use FROM server_keys");
            ResultSet row = select.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getString("key_use")).isEqualTo("enc");
          return row.getString("sealed_private_key");
        }
      });
      assertThat(sealed).doesNotContain(body.substring(0, 20)).doesNotContain("PRIVATE KEY");
      assertThat(keys.toString()).doesNotContain(body.substring(0, 20));
    }
  }
}
