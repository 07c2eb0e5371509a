package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A cached answer: fresh for its ttl, then served only while refreshes fail, for stale-if-error more. */
class StaleIfErrorTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final StaleIfError<String> answer = new StaleIfError<>("keys", T0, Duration.ofSeconds(60), Duration.ofMinutes(5));

  @Test
  void freshForItsTtl_servableForStaleIfErrorMore() {
    assertThat(answer.freshAt(T0.plusSeconds(59))).isTrue();
    assertThat(answer.freshAt(T0.plusSeconds(60))).isFalse();
    assertThat(answer.servableAt(T0.plusSeconds(359))).isTrue();
    assertThat(answer.servableAt(T0.plusSeconds(360))).isFalse();
  }

  @Test
  void afterAFailedRefresh_oneCallerAtATimeRetries_whenDue() {
    assertThat(answer.failing()).isFalse();
    assertThat(answer.claimRetry(T0.plusSeconds(61), Duration.ofSeconds(5))).isFalse(); // nothing failed: no retry to claim

    answer.failedAt(T0.plusSeconds(61), Duration.ofSeconds(5));

    assertThat(answer.failing()).isTrue();
    assertThat(answer.claimRetry(T0.plusSeconds(65), Duration.ofSeconds(5))).isFalse(); // not due yet
    assertThat(answer.claimRetry(T0.plusSeconds(66), Duration.ofSeconds(5))).isTrue();
    assertThat(answer.claimRetry(T0.plusSeconds(66), Duration.ofSeconds(5))).isFalse(); // claimed: the next is due at 71 s
    assertThat(answer.claimRetry(T0.plusSeconds(71), Duration.ofSeconds(5))).isTrue();
    assertThat(answer.value()).isEqualTo("keys");
  }
}
