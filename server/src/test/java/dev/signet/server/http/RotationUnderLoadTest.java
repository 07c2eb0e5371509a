package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.KeySourceException;
import dev.signet.RemoteJwks;
import dev.signet.TokenClaims;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.server.TestServer;
import dev.signet.server.keys.SigningKeys;
import dev.signet.server.testing.TestDatabases;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rotation under continuous load fails no request: tokens signed by the server's current key,
 * verified by a resource server that caches the server's JWKS ({@link RemoteJwks}, for exactly
 * the {@code max-age} the server publishes), while the schedule rotates every few seconds. Short
 * lifetimes: JWKS max-age 1 s, publish-ahead 2 s, rotation every 3 s, refresh 200 ms. The loop
 * stops once three rotations happened, or after a generous deadline (a loaded machine is slow,
 * never wrong: the assertion is on failures, not on time).
 */
class RotationUnderLoadTest {
  static final Duration DEADLINE = Duration.ofSeconds(90);
  static final int ROTATIONS = 3;
  static final int THREADS = 4;

  static TestServer.Builder shortLived() {
    return TestServer.builder()
        .setting("jwks-max-age", "1s")
        .setting("signing-key-publish-ahead", "2s")
        .setting("signing-key-rotation", "3s")
        .setting("signing-key-refresh", "200ms")
        .setting("access-token-lifetime", "1s")
        .setting("clock-skew", "1s")
        .setting("issuer", "http://signet.test");
  }

  @Test
  void scheduledRotations_oneInstance_noRequestFails() throws Exception {
    try (TestServer server = shortLived().start()) {
      assertNoFailures(List.of(server.signingKeys()), server.baseUrl());
    }
  }

  @Test
  void scheduledRotations_twoInstancesOnOneDatabase_bothSign_noRequestFails() throws Exception {
    try (TestDatabases.PostgresSchema schema = TestDatabases.postgres();
        TestServer a = shortLived().sharedDatabase(schema.jdbcUrl()).start();
        TestServer b = shortLived().sharedDatabase(schema.jdbcUrl()).start()) {
      assertNoFailures(List.of(a.signingKeys(), b.signingKeys()), b.baseUrl()); // signed on both, JWKS from b
    }
  }

  private static void assertNoFailures(List<SigningKeys> instances, URI base) throws Exception {
    RemoteJwks jwks = RemoteJwks.builder(URI.create(base + "/.well-known/jwks.json"))
        .cacheTtl(Duration.ofSeconds(1)).maxFetchesPerMinute(120).build();
    TokenVerifier verifier = TokenVerifier.builder(jwks).issuer("http://signet.test").audience("orders").build();
    Set<String> kids = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger verified = new AtomicInteger();
    Instant deadline = Instant.now().plus(DEADLINE);
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        loops.add(threads.submit(() -> {
          for (int i = 0; kids.size() <= ROTATIONS && Instant.now().isBefore(deadline) && failures.size() < 10; i++) {
            SigningKeys signer = instances.get((thread + i) % instances.size());
            Instant now = Instant.now();
            String token = signer.signer().sign(TokenClaims.builder().issuer("http://signet.test").subject("svc")
                .audience("orders").issuedAt(now).expiresAt(now.plusSeconds(1)).id(thread + "-" + i).build(), "at+jwt");
            try {
              if (verifier.verify(token) instanceof Verification.Invalid invalid) {
                failures.add(invalid.reason() + ": " + invalid.detail());
              } else {
                verified.incrementAndGet();
                kids.add(signer.current().kid());
              }
            } catch (KeySourceException e) {
              failures.add("JWKS unavailable: " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> loop : loops) {
        loop.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(failures).as("failed verifications (%s verified)", verified.get()).isEmpty();
    assertThat(kids).as("kids that signed").hasSizeGreaterThan(ROTATIONS);
  }
}
