package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Log lines any client can cause (413, 408, 503…) are throttled: a flood cannot bury the log. */
class LogThrottleTest {
  @Test
  void allow_beyondTheWindowsLines_heldBackAndCountedOnTheNextLine() {
    AtomicLong now = new AtomicLong();
    LogThrottle throttle = new LogThrottle(3, Duration.ofSeconds(10), now::get);
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      notes.add(throttle.allow());
    }
    now.addAndGet(Duration.ofSeconds(10).toNanos());

    assertThat(notes).containsExactly("", "", "", null, null, null, null, null, null, null);
    assertThat(throttle.allow()).isEqualTo(" (7 similar lines not logged before this one)");
    assertThat(throttle.allow()).isEmpty();
  }
}
