package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code If-None-Match} against a strong tag, as RFC 9110 §13.1.2 compares: weakly, in lists, or {@code *}. */
class ConditionalGetTest {
  static final String TAG = "\"abc\"";

  static boolean matches(String... values) {
    return ConditionalGet.matches(Collections.enumeration(List.of(values)), TAG);
  }

  @Test
  void matches_theTagItsWeakFormAListOrStar() {
    assertThat(matches("\"abc\"")).isTrue();
    assertThat(matches("W/\"abc\"")).isTrue();
    assertThat(matches("\"x\", W/\"y\",\"abc\"")).isTrue();
    assertThat(matches("\"x\"", "\"abc\"")).isTrue(); // several header lines
    assertThat(matches("*")).isTrue();
    assertThat(matches("\"a,b\", \"abc\"")).isTrue(); // a comma inside a tag is part of it
  }

  @Test
  void matches_otherTagsOrMalformed_false() {
    assertThat(matches("\"abcd\"")).isFalse();
    assertThat(matches("\"ab\"")).isFalse();
    assertThat(matches("abc")).isFalse();
    assertThat(matches("\"ABC\"")).isFalse();
    assertThat(matches("w/\"abc\"")).isFalse();
    assertThat(matches("\"abc")).isFalse();
    assertThat(matches("garbage, \"abc\"")).isFalse(); // nothing after a malformed member counts
    assertThat(matches("", ",", " ,\t")).isFalse();
    assertThat(matches()).isFalse();
  }

  @Test
  void matches_adversarialInput_oneLinearScan() {
    assertThat(matches("W/".repeat(4000))).isFalse();
    assertThat(matches("\"\"".repeat(4000))).isFalse();
    assertThat(matches("\"".repeat(8001))).isFalse();
    assertThat(matches(",".repeat(8000) + "\"abc\"")).isTrue();
  }
}
