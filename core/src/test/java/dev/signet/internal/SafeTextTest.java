package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTextTest {

  static Stream<Arguments> unsafeCharacters() {
    return Stream.of(
        Arguments.of("CR LF", "a\r\nb", "a\\u000d\\u000ab"),
        Arguments.of("TAB", "a\tb", "a\\u0009b"),
        Arguments.of("NUL", "a\0b", "a\\u0000b"),
        Arguments.of("ESC (terminal colours)", "\u001b[31mred", "\\u001b[31mred"),
        Arguments.of("DEL", "a\u007fb", "a\\u007fb"),
        Arguments.of("C1 NEL", "a\u0085b", "a\\u0085b"),
        Arguments.of("C1 CSI", "a\u009bb", "a\\u009bb"),
        Arguments.of("line separator", "a\u2028b", "a\\u2028b"),
        Arguments.of("paragraph separator", "a\u2029b", "a\\u2029b"),
        Arguments.of("right-to-left override", "\u202egpj.exe", "\\u202egpj.exe"),
        Arguments.of("bidi embeddings and pop", "\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        Arguments.of("bidi isolates", "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        Arguments.of("LRM, RLM, ALM", "\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),
        Arguments.of("zero-width space and joiner", "a\u200bb\u200dc", "a\\u200bb\\u200dc"),
        Arguments.of("BOM", "\ufeffa", "\\ufeffa"),
        Arguments.of("no-break space", "a\u00a0b", "a\\u00a0b"),
        Arguments.of("ideographic space", "a\u3000b", "a\\u3000b"),
        Arguments.of("lone high surrogate", "a\ud800b", "a\\ud800b"),
        Arguments.of("lone low surrogate at the end", "a\udc00", "a\\udc00"),
        Arguments.of("supplementary format character (tag)", "a\udb40\udc01b", "a\\udb40\\udc01b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeCharacters")
  void escape_unsafeCharacter_writtenAsUnicodeEscape(String name, String text, String escaped) {
    assertThat(SafeText.escape(text)).isEqualTo(escaped);
    assertThat(SafeText.isSafe(escaped)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "kid-1_x.y", "https://api.example.com/orders?q=1", "Zoë Ødegård", "東京", "Привет",
      "عربي", "emoji 😀 pair", "back\\slash and 'quotes' \"too\"", ""})
  void escape_safeText_returnedUnchanged(String text) {
    assertThat(SafeText.escape(text)).isSameAs(text);
    assertThat(SafeText.isSafe(text)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeCharacters")
  void escape_escapedText_unchanged(String name, String text, String escaped) {
    assertThat(SafeText.escape(SafeText.escape(text))).isEqualTo(SafeText.escape(text));
  }

  @Test
  void escape_longText_cutWithEllipsisAtTheBound() {
    String cut = SafeText.escape("x".repeat(300), 64);

    assertThat(cut).hasSize(64).endsWith("x…");
    assertThat(SafeText.escape(cut, 64)).isEqualTo(cut);
    assertThat(SafeText.escape("x".repeat(64), 64)).isEqualTo("x".repeat(64));
    assertThat(SafeText.escape("x".repeat(65), 64)).isEqualTo("x".repeat(63) + "…");
  }

  @Test
  void escape_cutNearAnEscape_neverEndsInsideIt() {
    String cut = SafeText.escape("x".repeat(60) + "\n" + "y".repeat(10), 64);

    assertThat(cut).isEqualTo("x".repeat(60) + "…");
  }

  @Test
  void escape_cutNearASurrogatePair_neverSplitsIt() {
    String cut = SafeText.escape("x".repeat(62) + "😀" + "y", 64);

    assertThat(cut).isEqualTo("x".repeat(62) + "…");
    assertThat(SafeText.isSafe(cut)).isTrue();
  }

  @Test
  void escape_megabyteOfControlCharacters_boundedOutputQuickly() {
    String hostile = "\r\n".repeat(1 << 19);

    String escaped = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> SafeText.escape(hostile, 1024));

    assertThat(escaped).hasSizeLessThanOrEqualTo(1024).endsWith("…").doesNotContain("\r", "\n");
  }

  @Test
  void escape_boundUnderEight_refused() {
    assertThatThrownBy(() -> SafeText.escape("x", 7))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxChars must be at least 8: 7");
  }
}
