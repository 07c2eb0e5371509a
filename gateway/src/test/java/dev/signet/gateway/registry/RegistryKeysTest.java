package dev.signet.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.KeySourceException;
import dev.signet.VerificationKey;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The cache in front of the registry (gh-16), over a fake registry and a clock the test moves:
 * how long answers last, the fetch bound against made-up names, and the registry going down.
 */
class RegistryKeysTest {
  static final VerificationKey ALICE = TestKeys.of(Algorithm.ES256, "registry-alice").publicKey();
  static final Duration TTL = Duration.ofSeconds(10);
  static final Duration STALE = Duration.ofMinutes(1);

  final MutableClock clock = MutableClock.at(Instant.parse("2026-12-06T10:00:00Z"));
  final Map<String, List<RegistryClient.Key>> registry = new ConcurrentHashMap<>(Map.of("alice", List.of(key(ALICE))));
  final List<String> asked = new CopyOnWriteArrayList<>();
  volatile boolean down;

  RegistryKeys keys(int maxFetchesPerMinute) {
    return new RegistryKeys(name -> {
      asked.add(name);
      if (down) {
        throw new IOException("registry fetch failed: connection refused");
      }
      return Optional.ofNullable(registry.get(name));
    }, null, TTL, STALE, maxFetchesPerMinute, clock);
  }

  static RegistryClient.Key key(VerificationKey key) {
    return new RegistryClient.Key(key, null, null);
  }

  @Test
  void keysOf_known_askedOncePerTtl() {
    RegistryKeys keys = keys(60);

    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
    registry.remove("alice");
    clock.advance(TTL.minusSeconds(1));
    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
    clock.advance(Duration.ofSeconds(1));
    assertThat(keys.keysOf("alice")).isEmpty();
    assertThat(asked).containsExactly("alice", "alice");
  }

  @Test
  void keysOf_unknown_rememberedForTtl() {
    RegistryKeys keys = keys(60);

    assertThat(keys.keysOf("bob")).isEmpty();
    registry.put("bob", List.of(key(ALICE)));
    assertThat(keys.keysOf("bob")).isEmpty();
    clock.advance(TTL);
    assertThat(keys.keysOf("bob")).contains(List.of(ALICE));
    assertThat(asked).containsExactly("bob", "bob");
  }

  @Test
  void keysOf_keyOutsideItsWindow_notOffered() {
    Instant now = clock.instant();
    registry.put("carol", List.of(new RegistryClient.Key(ALICE, now.plusSeconds(5), now.plusSeconds(8))));
    RegistryKeys keys = keys(60);

    assertThat(keys.keysOf("carol")).contains(List.of());
    clock.advance(Duration.ofSeconds(5));
    assertThat(keys.keysOf("carol")).contains(List.of(ALICE));
    clock.advance(Duration.ofSeconds(3));
    assertThat(keys.keysOf("carol")).contains(List.of());
    assertThat(asked).containsExactly("carol");
  }

  @Test
  void keysOf_nameNoPrincipalCanHave_neverAsked() {
    RegistryKeys keys = keys(60);

    assertThat(keys.keysOf("")).isEmpty();
    assertThat(keys.keysOf("a/b")).isEmpty();
    assertThat(keys.keysOf("x".repeat(65))).isEmpty();
    assertThat(keys.keysOf("alice\n")).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void keysOf_floodOfMadeUpNames_atMostTheBoundAskedAndKnownPrincipalsStillRefreshed() {
    RegistryKeys keys = keys(1); // one look-up a minute of names not known to exist
    assertThat(keys.keysOf("alice")).isPresent();

    for (int i = 0; i < 1000; i++) {
      assertThat(keys.keysOf("random-" + i)).isEmpty();
    }
    registry.put("dave", List.of(key(ALICE)));
    Optional<List<VerificationKey>> dave = keys.keysOf("dave");
    clock.advance(TTL);
    registry.put("alice", List.of());
    Optional<List<VerificationKey>> alice = keys.keysOf("alice");

    assertThat(dave).as("a new principal waits for the budget to refill").isEmpty();
    assertThat(alice).as("refreshed although the budget is spent").contains(List.of());
    assertThat(asked).containsExactly("alice", "alice");
    clock.advance(Duration.ofMinutes(1));
    assertThat(keys.keysOf("dave")).contains(List.of(ALICE));
  }

  @Test
  void keysOf_registryDown_lastAnswerUsedForStaleIfErrorThenUnavailable() {
    RegistryKeys keys = keys(60);
    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
    assertThat(keys.keysOf("bob")).isEmpty();
    down = true;

    clock.advance(TTL);
    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
    assertThat(keys.keysOf("bob")).isEmpty();
    assertThat(asked).containsExactly("alice", "bob", "alice", "bob"); // the second call did not ask: the retry is not due
    clock.advance(keys.retryInterval());
    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
    assertThat(asked).hasSize(5);

    clock.advance(STALE);
    assertThatThrownBy(() -> keys.keysOf("alice")).isInstanceOf(KeySourceException.class)
        .hasMessage("cannot look up the keys of principal 'alice' in the registry: registry fetch failed: connection refused");
    assertThatThrownBy(() -> keys.keysOf("carol")).isInstanceOf(KeySourceException.class);
    down = false;
    assertThat(keys.keysOf("alice")).contains(List.of(ALICE));
  }

  @Test
  void keysOf_concurrentRequestsForOnePrincipal_shareOneLookUp() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RegistryKeys keys = new RegistryKeys(name -> {
      asked.add(name);
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return Optional.of(List.of(key(ALICE)));
    }, null, TTL, STALE, 60, clock);

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Optional<List<VerificationKey>>> first = threads.submit(() -> keys.keysOf("alice"));
      started.await();
      List<Future<Optional<List<VerificationKey>>>> others = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        others.add(threads.submit(() -> keys.keysOf("alice")));
      }
      release.countDown();

      assertThat(first.get()).contains(List.of(ALICE));
      for (Future<Optional<List<VerificationKey>>> other : others) {
        assertThat(other.get()).contains(List.of(ALICE));
      }
    }
    assertThat(asked).containsExactly("alice");
  }
}
