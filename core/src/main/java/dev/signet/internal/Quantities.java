package dev.signet.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations and sizes the way people write them, for every flag, variable and config key of the
 * server and the CLI, and back again for messages and logs: {@code 500ms 20s 15m 2h 7d} and
 * {@code 512 64KiB 16MiB}, so that what a user typed and what Signet prints look alike.
 *
 * <ul>
 *   <li>A duration is a whole number and a unit: {@code ms}, {@code s}, {@code m}, {@code h} or
 *       {@code d} (one day is 24 h); a bare {@code 0}; or ISO-8601 ({@code PT20S}). Spaces
 *       between number and unit are allowed, case is not significant.
 *   <li>A size is a whole number of bytes, optionally followed by {@code B}, {@code K}/{@code KB}/
 *       {@code KiB}, {@code M}/{@code MB}/{@code MiB} or {@code G}/{@code GB}/{@code GiB}; every
 *       multiple is 1024-based.
 *   <li>Negative values are refused. Input longer than {@value #MAX_LENGTH} characters is refused
 *       before it is looked at, and no regular expression runs on the rest.
 * </ul>
 *
 * <p>{@link #format(Duration)} and {@link #formatSize(long)} pick the largest unit that divides
 * the value exactly ({@code 90s} stays {@code 90s}), so that parsing what they print gives the
 * value back. Stateless and thread-safe.
 */
public final class Quantities {
  /** The longest text {@link #parseDuration} and {@link #parseSize} look at. */
  public static final int MAX_LENGTH = 40;

  private static final int MAX_DIGITS = 18; // below Long.MAX_VALUE, so the number itself cannot overflow
  private static final String DURATION_FORM = "like 500ms, 20s, 15m, 2h or 7d";
  private static final String SIZE_FORM = "like 512, 64KiB or 16MiB";
  private static final long KIB = 1024;

  private Quantities() {}

  /**
   * The duration {@code text} writes.
   *
   * @throws IllegalArgumentException saying what is wrong, with the expected form
   */
  public static Duration parseDuration(String text) {
    String t = bounded(text, "duration", DURATION_FORM);
    if (t.startsWith("P") || t.startsWith("p")) {
      return iso(t);
    }
    Amount n = Amount.read(t, "duration", DURATION_FORM);
    long value = n.value();
    try {
      return switch (n.unit()) {
        case "ms" -> Duration.ofMillis(value);
        case "s" -> Duration.ofSeconds(value);
        case "m" -> Duration.ofMinutes(value);
        case "h" -> Duration.ofHours(value);
        case "d" -> Duration.ofDays(value);
        case "" -> {
          if (value != 0) {
            throw invalid(t, "duration", "a unit is missing; " + DURATION_FORM);
          }
          yield Duration.ZERO;
        }
        default -> throw invalid(t, "duration", "unknown unit '" + n.unit() + "'; " + DURATION_FORM);
      };
    } catch (ArithmeticException e) { // days beyond what Duration holds
      throw invalid(t, "duration", "too long", e);
    }
  }

  /**
   * The number of bytes {@code text} writes.
   *
   * @throws IllegalArgumentException saying what is wrong, with the expected form
   */
  public static long parseSize(String text) {
    String t = bounded(text, "size", SIZE_FORM);
    Amount n = Amount.read(t, "size", SIZE_FORM);
    long multiple = switch (n.unit()) {
      case "", "b" -> 1;
      case "k", "kb", "kib" -> KIB;
      case "m", "mb", "mib" -> KIB * KIB;
      case "g", "gb", "gib" -> KIB * KIB * KIB;
      default -> throw invalid(t, "size", "unknown unit '" + n.unit() + "'; " + SIZE_FORM);
    };
    try {
      return Math.multiplyExact(n.value(), multiple);
    } catch (ArithmeticException e) {
      throw invalid(t, "size", "too large", e);
    }
  }

  /** {@code d} as a user writes it: {@code 0s}, {@code 500ms}, {@code 90s}, {@code 15m}, {@code 7d}; ISO-8601 below a millisecond. */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    long millis;
    try {
      millis = d.toMillis();
    } catch (ArithmeticException e) {
      return d.toString();
    }
    if (!Duration.ofMillis(millis).equals(d)) { // below a millisecond: no unit of ours says it
      return d.toString();
    }
    long[] sizes = {86_400_000, 3_600_000, 60_000, 1000};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }

  /** {@code bytes} as a user writes it: {@code 512}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}. */
  public static String formatSize(long bytes) {
    if (bytes < 0) {
      return "-" + formatSize(-bytes);
    }
    if (bytes == 0) {
      return "0";
    }
    String[] units = {"GiB", "MiB", "KiB"};
    long[] sizes = {KIB * KIB * KIB, KIB * KIB, KIB};
    for (int i = 0; i < sizes.length; i++) {
      if (bytes % sizes[i] == 0) {
        return bytes / sizes[i] + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static String bounded(String text, String what, String form) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a " + what + ": more than " + MAX_LENGTH + " characters (" + form + ")");
    }
    String t = text.strip();
    if (t.isEmpty()) {
      throw invalid(t, what, "empty; " + form);
    }
    return t;
  }

  private static Duration iso(String t) {
    Duration d;
    try {
      d = Duration.parse(t.toUpperCase(Locale.ROOT)); // the input is bounded, so its pattern's work is too
    } catch (DateTimeParseException e) {
      throw invalid(t, "duration", DURATION_FORM + ", or ISO-8601 like PT20S", e);
    }
    if (d.isNegative()) {
      throw invalid(t, "duration", "negative");
    }
    return d;
  }

  private static IllegalArgumentException invalid(String text, String what, String why) {
    return new IllegalArgumentException("not a " + what + ": '" + text + "' (" + why + ")");
  }

  private static IllegalArgumentException invalid(String text, String what, String why, Exception cause) {
    IllegalArgumentException e = invalid(text, what, why);
    e.initCause(cause);
    return e;
  }

  /** Digits, then optional spaces, then a unit of letters, lower-cased; read by hand, one pass. */
  private record Amount(long value, String unit) {
    static Amount read(String t, String what, String form) {
      int i = 0;
      while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      if (i == 0) {
        throw invalid(t, what, t.charAt(0) == '-' ? "negative" : "it must start with a whole number; " + form);
      }
      if (i > MAX_DIGITS) {
        throw invalid(t, what, "too large");
      }
      long value = Long.parseLong(t, 0, i, 10);
      int unitStart = i;
      while (unitStart < t.length() && t.charAt(unitStart) == ' ') {
        unitStart++;
      }
      String unit = t.substring(unitStart).toLowerCase(Locale.ROOT);
      for (int j = 0; j < unit.length(); j++) {
        char c = unit.charAt(j);
        if (c < 'a' || c > 'z') {
          throw invalid(t, what, form);
        }
      }
      return new Amount(value, unit);
    }
  }
}
