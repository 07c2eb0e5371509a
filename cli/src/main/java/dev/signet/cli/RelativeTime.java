package dev.signet.cli;

import java.time.Duration;
import java.time.Instant;

/** "in 25s", "40s ago", "3m 20s ago": how far an instant is from now, for people. */
final class RelativeTime {
  private RelativeTime() {}

  static String describe(Instant when, Instant now) {
    Duration d = Duration.between(now, when);
    if (d.abs().toSeconds() == 0) {
      return "now";
    }
    String amount = amount(d.abs());
    return d.isNegative() ? amount + " ago" : "in " + amount;
  }

  /** An instant with its distance from now: {@code 2026-03-01T10:00:00Z (40s ago)}. */
  static String withInstant(Instant when, Instant now) {
    return when + " (" + describe(when, now) + ")";
  }

  private static String amount(Duration d) {
    long days = d.toDays();
    int hours = d.toHoursPart();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    if (days > 0) {
      return days + "d" + (hours > 0 ? " " + hours + "h" : "");
    }
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m" + (seconds > 0 ? " " + seconds + "s" : "");
    }
    return seconds + "s";
  }
}
