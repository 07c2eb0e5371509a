package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.testing.TestDatabases;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real server in the middle of registry writes. Writers in this JVM add
 * keys through the admin API and record every 201; the server process is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) while they run, restarted on the same storage, and then
 * every acknowledged key must be listed, nothing must be listed that was never sent, and every
 * listed key must be whole: it parses, its thumbprint is its kid, it verifies a signature of the
 * private key it was made from, it authenticates a request, and its {@code key.add} audit entry
 * (written in the same transaction) is there.
 */
class CrashRecoveryIT {
  private static final int WRITERS = 3;

  @TempDir Path dir;
  private final SigningKey admin = TestKeys.fresh(dev.signet.Algorithm.ES256);

  @Test
  void killDuringKeyWrites_embeddedH2_everyAcknowledgedKeyPresentAndWhole() {
    killAndCheck("H2");
  }

  @Test
  void killDuringKeyWrites_postgres_everyAcknowledgedKeyPresentAndWhole() {
    try (TestDatabases.PostgresSchema schema = TestDatabases.postgres()) {
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      String masterKey = java.util.Base64.getEncoder().encodeToString(random); // --db needs one given
      killAndCheck("PostgreSQL", "--db", schema.jdbcUrl(), "--single-instance", "--master-key-file", write("master.key", masterKey).toString());
    }
  }

  private void killAndCheck(String storage, String... db) {
    List<String> flags = new ArrayList<>(List.of("--admin-key", write("admin.pub", admin.publicKey().toPem()).toString(),
        "--max-keys-per-principal", "1000")); // one principal takes every key written
    flags.addAll(List.of(db));
    Path dataDir = dir.resolve("data");
    Map<String, SigningKey> attempted = new ConcurrentHashMap<>();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    List<String> unexpected = new CopyOnWriteArrayList<>();
    int killAfter = 80 + ThreadLocalRandom.current().nextInt(80);

    try (ServerProcess server = ServerProcess.start(dataDir, flags.toArray(String[]::new))) {
      ApiClient api = new ApiClient(server.url(), admin, "admin");
      api.call("POST", "/admin/principals", "{\"name\":\"loader\"}");
      CountDownLatch enough = new CountDownLatch(killAfter);
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        writers.add(Thread.ofPlatform().name("writer-" + i).start(
            () -> addKeys(api, attempted, acked, unexpected, enough, killed)));
      }
      assertThat(await(enough)).as("%d keys acknowledged within 90s; unexpected: %s", killAfter, unexpected).isTrue();
      killed.set(true);
      server.kill(); // SIGKILL, writers mid-request
      writers.forEach(CrashRecoveryIT::join);
    }
    assertThat(unexpected).as("answers other than 201 before the kill").isEmpty();

    try (ServerProcess restarted = ServerProcess.start(dataDir, flags.toArray(String[]::new))) {
      ApiClient api = new ApiClient(restarted.url(), admin, "admin");
      JsonNode listed = api.call("GET", "/admin/principals/loader/keys?limit=1000", null);
      Set<String> present = new HashSet<>();
      listed.forEach(k -> present.add(k.path("kid").textValue()));
      System.out.printf("kill -9 on %s: %d keys sent, %d acknowledged (201), %d present after restart%n",
          storage, attempted.size(), acked.size(), present.size());

      assertThat(present).as("every acknowledged key survives kill -9").containsAll(acked);
      assertThat(attempted.keySet()).as("nothing present that was never sent").containsAll(present);
      assertThat(present.size() - acked.size()).as("beyond the acknowledged: at most the in-flight ones").isBetween(0, WRITERS);
      for (JsonNode key : listed) {
        assertWhole(key, attempted.get(key.path("kid").textValue()), restarted);
      }
      JsonNode audited = api.call("GET", "/admin/audit?principal=loader&action=key.add&limit=1000", null);
      Set<String> auditedKids = new HashSet<>();
      audited.forEach(e -> auditedKids.add(e.path("kid").textValue()));
      assertThat(auditedKids).as("one key.add audit entry per present key, same transaction").isEqualTo(present);
    }
  }

  private static void addKeys(ApiClient api, Map<String, SigningKey> attempted, Set<String> acked, List<String> unexpected,
      CountDownLatch enough, AtomicBoolean killed) {
    while (!killed.get()) {
      SigningKey key = SigningKey.generateEc("P-256");
      attempted.put(key.kid(), key);
      HttpResponse<String> response;
      try {
        response = api.send("POST", "/admin/principals/loader/keys", ApiClient.json(Map.of("public_key", key.publicKey().toPem())));
      } catch (IOException e) {
        return; // the server is gone
      }
      if (response.statusCode() == 201) {
        acked.add(key.kid());
        enough.countDown();
      } else if (!killed.get()) {
        unexpected.add(response.statusCode() + " " + response.body());
        return;
      }
    }
  }

  /** The row parses, is the key that was sent, verifies its signatures, and authenticates a request. */
  private static void assertWhole(JsonNode row, SigningKey sent, ServerProcess server) {
    VerificationKey stored = VerificationKey.parse(row.path("jwk").toString());
    assertThat(stored.thumbprint()).as("thumbprint of %s", row).isEqualTo(row.path("kid").textValue()).isEqualTo(sent.kid());
    assertThat(row.path("disabled").booleanValue()).isFalse();
    try {
      byte[] data = ("signed by " + sent.kid()).getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(sent.privateKey());
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(stored.key());
      verifier.update(data);
      assertThat(verifier.verify(signature)).as("stored key %s verifies", sent.kid()).isTrue();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    JsonNode me = new ApiClient(server.url(), sent, "loader").call("GET", "/whoami", null);
    assertThat(me.path("kid").textValue()).isEqualTo(sent.kid());
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
