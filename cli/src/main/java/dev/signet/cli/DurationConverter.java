package dev.signet.cli;

import dev.signet.internal.Quantities;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them, read by the one parser the server's settings use too
 * ({@link Quantities#parseDuration}): {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d},
 * or ISO-8601 {@code PT30S}.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Quantities.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
