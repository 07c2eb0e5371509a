package dev.signet.server.http;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets at most {@code lines} log lines through per window; the rest are counted, and the count is
 * reported on the next line let through. For lines any client can cause (413, 408, 503…): a flood
 * of them must not bury the log. Thread-safe.
 */
final class LogThrottle {
  private final int lines;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int used;
  private long suppressed;

  LogThrottle(int lines, Duration window) {
    this(lines, window, System::nanoTime);
  }

  LogThrottle(int lines, Duration window, LongSupplier nanoTime) {
    this.lines = lines;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  /**
   * Whether the next line may be written: the suffix to append to it ({@code ""}, or how many
   * lines were held back before it), or null when it must be held back (logged at DEBUG at most).
   */
  synchronized @Nullable String allow() {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= windowNanos) {
      windowStart = now;
      used = 0;
    }
    if (used >= lines) {
      suppressed++;
      return null;
    }
    used++;
    String note = suppressed == 0 ? "" : " (" + suppressed + " similar lines not logged before this one)";
    suppressed = 0;
    return note;
  }
}
