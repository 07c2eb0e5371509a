package dev.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ReplayStoreException;
import dev.signet.redis.TestRedis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Redis down and back: fail closed fast, recover without a restart. Uses redis-server processes of its own. */
class RedisReplayStoreOutageTest {
  private static final Logger log = LoggerFactory.getLogger(RedisReplayStoreOutageTest.class);

  static Instant inAMinute() {
    return Instant.now().plusSeconds(60);
  }

  @Test
  void firstUse_nothingListening_replayStoreExceptionWithinTwoSeconds() {
    int closedPort = TestRedis.freePort();
    try (RedisReplayStore store = RedisReplayStore.create("redis://:secret@127.0.0.1:" + closedPort, TestRedis.freshPrefix())) {
      for (int attempt = 0; attempt < 3; attempt++) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.firstUse("alice", "n", inAMinute()))
            .isInstanceOf(ReplayStoreException.class)
            .hasMessageStartingWith("Redis redis://127.0.0.1:" + closedPort + "/0 is unreachable")
            .hasMessageNotContaining("secret");
        assertThat(millisSince(start)).isLessThan(2000);
      }
      assertThat(store.ready()).isFalse();
    }
  }

  @Test
  void firstUse_redisStopsAndComesBack_failsClosedThenRecoversByItself() throws Exception {
    int port = TestRedis.freePort();
    RedisProcess redis = RedisProcess.start(port);
    try (RedisReplayStore store = RedisReplayStore.create(redis.url(), TestRedis.freshPrefix())) {
      assertThat(store.firstUse("alice", "before", inAMinute())).isTrue();

      redis.stop();
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.firstUse("alice", "during", inAMinute())).isInstanceOf(ReplayStoreException.class);
      long failedAfter = millisSince(start);
      assertThat(failedAfter).isLessThan(2000);
      assertThat(store.ready()).isFalse();

      redis = RedisProcess.start(port);
      long restarted = System.nanoTime();
      boolean recovered = false;
      while (!recovered && millisSince(restarted) < 10_000) {
        try {
          recovered = store.firstUse("alice", "after", inAMinute());
        } catch (ReplayStoreException e) {
          Thread.sleep(50);
        }
      }
      log.info("redis outage: failed closed after {} ms, recovered {} ms after restart", failedAfter, millisSince(restarted));
      assertThat(recovered).as("recovered within 10 s of the restart").isTrue();
      assertThat(store.ready()).isTrue();
    } finally {
      redis.stop();
    }
  }

  @Test
  void firstUse_redisStalls_timesOutAfterAboutASecondAndWorksAfterwards() throws Exception {
    RedisProcess redis = RedisProcess.start(TestRedis.freePort());
    RedisClient other = RedisClient.create(redis.url());
    try (RedisReplayStore store = RedisReplayStore.create(redis.url(), TestRedis.freshPrefix());
        StatefulRedisConnection<String, String> stalling = other.connect()) {
      assertThat(store.firstUse("alice", "before", inAMinute())).isTrue();
      // DEBUG SLEEP: the single-threaded server answers nobody for 2.5 s
      stalling.async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
          new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add("2.5"));
      Thread.sleep(100);

      long start = System.nanoTime();
      assertThatThrownBy(() -> store.firstUse("alice", "during", inAMinute()))
          .isInstanceOf(ReplayStoreException.class)
          .hasMessageContaining("did not record the nonce");
      long timedOutAfter = millisSince(start);
      log.info("redis stall: command timed out after {} ms", timedOutAfter);
      assertThat(timedOutAfter).isBetween(900L, 2000L);

      Thread.sleep(2500);
      assertThat(store.firstUse("alice", "after", inAMinute())).isTrue();
    } finally {
      other.shutdown();
      redis.stop();
    }
  }

  private static long millisSince(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
  }
}
