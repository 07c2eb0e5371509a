package dev.signet.internal;

import dev.signet.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed reads of claims that stop the pipeline with the right rejection when a claim is absent or mistyped. */
public final class ClaimReader {
  /** Seconds beyond which a NumericDate is nonsense (year 10000). */
  private static final double MAX_SECONDS = 253_402_300_800d;

  private ClaimReader() {}

  public static String string(Map<String, Object> claims, String name, int maxLength) {
    String value = optionalString(claims, name, maxLength);
    if (value == null) {
      throw new Reject(Rejection.MISSING_CLAIM, "claim '" + name + "' is required");
    }
    return value;
  }

  public static @Nullable String optionalString(Map<String, Object> claims, String name, int maxLength) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new Reject(Rejection.MALFORMED, "claim '" + name + "' must be a string, not " + typeOf(value));
    }
    if (s.isEmpty() || s.length() > maxLength) {
      throw new Reject(Rejection.MALFORMED, "claim '" + name + "' must be 1-" + maxLength + " characters, not " + s.length());
    }
    return s;
  }

  public static Instant seconds(Map<String, Object> claims, String name) {
    Instant value = optionalSeconds(claims, name);
    if (value == null) {
      throw new Reject(Rejection.MISSING_CLAIM, "claim '" + name + "' is required");
    }
    return value;
  }

  /** A NumericDate: seconds since the epoch, integer or not (some clients send {@code time.time()}). */
  public static @Nullable Instant optionalSeconds(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw new Reject(Rejection.MALFORMED, "claim '" + name + "' must be a number of seconds, not " + typeOf(value));
    }
    double seconds = n.doubleValue();
    if (!(seconds >= 0 && seconds < MAX_SECONDS)) {
      throw new Reject(Rejection.MALFORMED, "claim '" + name + "' is out of range: " + n);
    }
    return Instant.ofEpochMilli((long) (seconds * 1000));
  }

  /**
   * {@code aud} as a list, or null when absent: a string or an array of strings (RFC 7519
   * §4.1.3), never another JSON type, and no array member that is not a string.
   */
  public static @Nullable List<String> optionalAudience(Map<String, Object> claims) {
    Object value = claims.get("aud");
    return switch (value) {
      case null -> null;
      case String s -> List.of(s);
      case List<?> list when list.stream().allMatch(String.class::isInstance) -> list.stream().map(String.class::cast).toList();
      case List<?> list -> throw new Reject(Rejection.MALFORMED, "claim 'aud' must be an array of strings only");
      default -> throw new Reject(Rejection.MALFORMED, "claim 'aud' must be a string or an array of strings, not " + typeOf(value));
    };
  }

  static String typeOf(Object value) {
    return switch (value) {
      case String s -> "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case List<?> l -> "an array";
      case Map<?, ?> m -> "an object";
      default -> value.getClass().getSimpleName();
    };
  }
}
