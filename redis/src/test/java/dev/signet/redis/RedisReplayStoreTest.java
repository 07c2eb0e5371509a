package dev.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisReplayStoreTest {
  String prefix;
  RedisReplayStore store;
  RedisClient inspector;
  StatefulRedisConnection<String, String> redis;

  @BeforeAll
  void connect() {
    prefix = TestRedis.freshPrefix();
    store = RedisReplayStore.create(TestRedis.url(), prefix);
    inspector = RedisClient.create(TestRedis.url());
    redis = inspector.connect();
  }

  @AfterAll
  void close() {
    List<String> keys = redis.sync().keys(prefix + "*");
    if (!keys.isEmpty()) {
      redis.sync().del(keys.toArray(String[]::new)); // only this class's keys; never FLUSHALL
    }
    redis.close();
    inspector.shutdown();
    store.close();
  }

  static Instant inAMinute() {
    return Instant.now().plusSeconds(60);
  }

  @Test
  void firstUse_newNonce_trueThenFalseOnReplay() {
    assertThat(store.firstUse("alice", "n-1", inAMinute())).isTrue();
    assertThat(store.firstUse("alice", "n-1", inAMinute())).isFalse();
  }

  @Test
  void firstUse_sameNonceOfAnotherPrincipal_true() {
    assertThat(store.firstUse("alice", "n-2", inAMinute())).isTrue();
    assertThat(store.firstUse("bob", "n-2", inAMinute())).isTrue();
  }

  @Test
  void firstUse_keyUnderThePrefixExpiringAtExpiresAtPlusTheMargin() {
    Instant expiresAt = Instant.now().plusSeconds(30);
    store.firstUse("erin", "n-3", expiresAt); // a principal of its own: other tests' keys may still live

    List<String> keys = redis.sync().keys(prefix + "erin:*");
    assertThat(keys).hasSize(1).allMatch(k -> k.matches(java.util.regex.Pattern.quote(prefix) + "erin:[A-Za-z0-9_-]{43}"));
    long millisLeft = redis.sync().pttl(keys.getFirst()); // PTTL: PEXPIRETIME needs Redis 7
    assertThat(millisLeft).isBetween(35_000L, 40_000L); // 30 s and the 10 s margin
  }

  @Test
  void firstUse_afterExpiry_acceptedAgain() throws InterruptedException {
    try (RedisReplayStore noMargin = RedisReplayStore.create(TestRedis.url(), prefix, java.time.Clock.systemUTC(), Duration.ZERO)) {
      Instant soon = Instant.now().plusMillis(300);
      assertThat(noMargin.firstUse("alice", "n-4", soon)).isTrue();
      assertThat(noMargin.firstUse("alice", "n-4", soon)).isFalse();

      Thread.sleep(Duration.between(Instant.now(), soon).toMillis() + 100);

      assertThat(noMargin.firstUse("alice", "n-4", inAMinute())).isTrue();
    }
  }

  @Test // gh-12 item 7: the expiry was PXAT on Redis' clock; a server clock behind Redis' made nonces expire at once
  void firstUse_serverClockAnHourBehindRedis_replayStillRefused() {
    java.time.Clock behind = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-1));
    try (RedisReplayStore skewed = RedisReplayStore.create(TestRedis.url(), prefix, behind, RedisReplayStore.EXPIRY_MARGIN)) {
      Instant expiresAt = behind.instant().plusSeconds(30);

      assertThat(skewed.firstUse("carol", "n-skew", expiresAt)).isTrue();
      assertThat(skewed.firstUse("carol", "n-skew", expiresAt)).isFalse();
    }
  }

  @Test
  void firstUse_anotherInstanceWithinTheMargin_stillFindsTheNonce() {
    java.time.Clock behind = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(-8));
    try (RedisReplayStore slowInstance = RedisReplayStore.create(TestRedis.url(), prefix, behind, RedisReplayStore.EXPIRY_MARGIN)) {
      Instant expiresAt = Instant.now().plusMillis(200); // as this instance computed it
      assertThat(store.firstUse("dave", "n-margin", expiresAt)).isTrue();

      // the other instance, 8 s behind, still accepts the token for ~8 s: it must still see the nonce
      assertThat(slowInstance.firstUse("dave", "n-margin", expiresAt.plusSeconds(8))).isFalse();
    }
  }

  @Test
  void firstUse_hugeOrOddNonce_storedUnderAFixedSizeKey() {
    String odd = "x".repeat(100_000) + "\u0000:*?[]\n" + "日本";

    assertThat(store.firstUse("alice", odd, inAMinute())).isTrue();
    assertThat(store.firstUse("alice", odd, inAMinute())).isFalse();
    assertThat(store.firstUse("alice", odd + "!", inAMinute())).isTrue();
  }

  @Test
  void firstUse_twentyConcurrentUsesOfOneNonce_exactlyOneFirst() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> uses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      for (int i = 0; i < 20; i++) {
        uses.add(pool.submit(() -> {
          start.await();
          return store.firstUse("alice", "n-race", inAMinute());
        }));
      }
      start.countDown();
    }

    int first = 0;
    for (Future<Boolean> use : uses) {
      first += use.get() ? 1 : 0;
    }
    assertThat(first).isOne();
  }

  @Test
  void ready_reachableRedis_true() {
    assertThat(store.ready()).isTrue();
  }
}
