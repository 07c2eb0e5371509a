package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ReplayStoreException;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The primitive table behind {@code ReplayStore.inMemory}: growth, rebuilds and the bound keep its semantics (gh-18). */
class InMemoryReplayStoreTest {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  final MutableClock clock = MutableClock.at(NOW);

  @Test
  void firstUse_manyNoncesAcrossGrowth_eachAcceptedOnceAndReplaysRefused() {
    InMemoryReplayStore store = new InMemoryReplayStore(100_000, clock);
    Instant expiry = NOW.plusSeconds(60);

    for (int i = 0; i < 50_000; i++) {
      assertThat(store.firstUse("alice", "n-" + i, expiry)).as("n-%d", i).isTrue();
    }
    for (int i = 0; i < 50_000; i++) {
      assertThat(store.firstUse("alice", "n-" + i, expiry)).as("replay of n-%d", i).isFalse();
    }
  }

  @Test
  void firstUse_sameNonceOtherPrincipal_aDifferentEntry() {
    InMemoryReplayStore store = new InMemoryReplayStore(10, clock);

    assertThat(store.firstUse("alice", "n", NOW.plusSeconds(60))).isTrue();
    assertThat(store.firstUse("bob", "n", NOW.plusSeconds(60))).isTrue();
    assertThat(store.firstUse("ali", "cen", NOW.plusSeconds(60))).isTrue(); // the same characters, split elsewhere
    assertThat(store.firstUse("alice", "n", NOW.plusSeconds(60))).isFalse();
  }

  @Test
  void firstUse_atItsExpiry_stillAReplay_afterIt_acceptedAgain() {
    InMemoryReplayStore store = new InMemoryReplayStore(10, clock);
    Instant expiry = NOW.plusSeconds(20);
    assertThat(store.firstUse("alice", "n", expiry)).isTrue();

    clock.set(expiry);
    assertThat(store.firstUse("alice", "n", expiry)).isFalse();
    clock.set(expiry.plusMillis(1));
    assertThat(store.firstUse("alice", "n", expiry.plusSeconds(20))).isTrue();
  }

  @Test
  void firstUse_expiredNoncesInTheProbeRun_liveDuplicateBeyondThemStillFound() {
    InMemoryReplayStore store = new InMemoryReplayStore(100_000, clock);
    for (int i = 0; i < 2_000; i++) {
      store.firstUse("short", "s-" + i, NOW.plusSeconds(1));
    }
    for (int i = 0; i < 1_000; i++) {
      store.firstUse("long", "l-" + i, NOW.plusSeconds(600));
    }
    clock.advance(Duration.ofSeconds(2)); // the short ones expired, their slots reusable

    for (int i = 0; i < 1_000; i++) {
      assertThat(store.firstUse("long", "l-" + i, NOW.plusSeconds(600))).as("replay of l-%d", i).isFalse();
    }
  }

  @Test
  void firstUse_fullOfLiveNonces_refusesWithoutForgetting_thenAcceptsOnceTheyExpire() {
    InMemoryReplayStore store = new InMemoryReplayStore(5_000, clock);
    for (int i = 0; i < 5_000; i++) {
      assertThat(store.firstUse("alice", "n-" + i, NOW.plusSeconds(30))).isTrue();
    }

    assertThatThrownBy(() -> store.firstUse("alice", "new", NOW.plusSeconds(30))).isInstanceOf(ReplayStoreException.class)
        .hasMessage("in-memory replay store is full (5000 live nonces); refusing rather than forgetting");
    assertThatThrownBy(() -> store.firstUse("alice", "n-0", NOW.plusSeconds(30))).isInstanceOf(ReplayStoreException.class);

    clock.advance(Duration.ofSeconds(31));
    assertThat(store.firstUse("alice", "new", NOW.plusSeconds(90))).isTrue();
    assertThat(store.firstUse("alice", "new", NOW.plusSeconds(90))).isFalse();
  }
}
