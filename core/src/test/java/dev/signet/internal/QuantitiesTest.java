package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations and sizes as users write them, parsed and printed back the same way. */
class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S", "20s, PT20S", "15m, PT15M", "2h, PT2H", "7d, PT168H", "1d, PT24H", "0, PT0S", "0s, PT0S",
      "20 s, PT20S", "15M, PT15M", "' 2h ', PT2H", "PT30S, PT30S", "pt1m, PT1M", "P1D, PT24H"})
  void parseDuration_userForms_parsed(String text, String iso) {
    assertThat(Quantities.parseDuration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "500, 500ms", "20000, 20s", "90000, 90s", "900000, 15m", "7200000, 2h", "604800000, 7d", "1500, 1500ms",
      "86400000, 1d", "5400000, 90m"})
  void format_duration_largestExactUnit(long millis, String text) {
    assertThat(Quantities.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Quantities.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void format_subMillisecondOrNegative_isoOrSigned() {
    assertThat(Quantities.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    assertThat(Quantities.format(Duration.ofSeconds(-20))).isEqualTo("-20s");
  }

  @Test
  void parseDuration_badText_refusedSayingWhyAndHowToWriteIt() {
    assertRefusedDuration("10 minutes", "not a duration: '10 minutes' (unknown unit 'minutes'; like 500ms, 20s, 15m, 2h or 7d)");
    assertRefusedDuration("20", "not a duration: '20' (a unit is missing; like 500ms, 20s, 15m, 2h or 7d)");
    assertRefusedDuration("-5s", "not a duration: '-5s' (negative)");
    assertRefusedDuration("PT-5S", "not a duration: 'PT-5S' (negative)");
    assertRefusedDuration("1.5s", "not a duration: '1.5s' (like 500ms, 20s, 15m, 2h or 7d)");
    assertRefusedDuration("s", "not a duration: 's' (it must start with a whole number; like 500ms, 20s, 15m, 2h or 7d)");
    assertRefusedDuration(" ", "not a duration: '' (empty; like 500ms, 20s, 15m, 2h or 7d)");
    assertRefusedDuration("PTxS", "not a duration: 'PTxS' (like 500ms, 20s, 15m, 2h or 7d, or ISO-8601 like PT20S)");
    assertRefusedDuration("9999999999999999999s", "not a duration: '9999999999999999999s' (too large)");
    assertRefusedDuration("999999999999999d", "not a duration: '999999999999999d' (too long)");
    assertRefusedDuration("1".repeat(41), "not a duration: more than 40 characters (like 500ms, 20s, 15m, 2h or 7d)");
  }

  @ParameterizedTest
  @CsvSource({"512, 512", "0, 0", "64KiB, 65536", "64k, 65536", "64 KB, 65536", "16MiB, 16777216", "1m, 1048576", "2GiB, 2147483648",
      "100B, 100"})
  void parseSize_userForms_bytes1024Based(String text, long bytes) {
    assertThat(Quantities.parseSize(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"512, 512", "0, 0", "65536, 64KiB", "16777216, 16MiB", "1073741824, 1GiB", "1536, 1536", "3072, 3KiB"})
  void formatSize_largestExactUnit(long bytes, String text) {
    assertThat(Quantities.formatSize(bytes)).isEqualTo(text);
    assertThat(Quantities.parseSize(text)).isEqualTo(bytes);
  }

  @Test
  void parseSize_badText_refusedSayingWhyAndHowToWriteIt() {
    assertThatThrownBy(() -> Quantities.parseSize("64 kilobytes")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a size: '64 kilobytes' (unknown unit 'kilobytes'; like 512, 64KiB or 16MiB)");
    assertThatThrownBy(() -> Quantities.parseSize("-1")).hasMessage("not a size: '-1' (negative)");
    assertThatThrownBy(() -> Quantities.parseSize("999999999999999999GiB")).hasMessage("not a size: '999999999999999999GiB' (too large)");
    assertThatThrownBy(() -> Quantities.parseSize("1e6")).hasMessage("not a size: '1e6' (like 512, 64KiB or 16MiB)");
  }

  /** Hostile input costs one pass over at most 40 characters: no pattern to backtrack in. */
  @ParameterizedTest
  @ValueSource(strings = {"1111111111111111111111111111111111111111x", "PT1111111111111111111111111111111111111S"})
  void parse_longInput_refusedBeforeParsing(String text) {
    assertThatThrownBy(() -> Quantities.parseDuration(text + text)).hasMessageContaining("more than 40 characters");
    assertThatThrownBy(() -> Quantities.parseSize(text + text)).hasMessageContaining("more than 40 characters");
  }

  private static void assertRefusedDuration(String text, String message) {
    assertThatThrownBy(() -> Quantities.parseDuration(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
