package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The principal-name check of the key cache, a loop since gh-18: the same answers as the rule's regex. */
class PrincipalNameCheckTest {
  static final Pattern RULE = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  @ParameterizedTest
  @ValueSource(strings = {"alice", "p-RS256", "a", "bob@example.com", "x.y_z-0", "AZaz09._@-",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void isPrincipalText_validNames_true(String name) {
    assertThat(RULE.matcher(name).matches()).isTrue();
    assertThat(Names.isPrincipalText(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "alice ", "a b", "al/ice", "al:ice", "äli", "alice\n", "a\u0000", "a\u0130", "a\uFF41",
      "a+b", "a%20", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void isPrincipalText_otherText_false(String name) {
    assertThat(RULE.matcher(name).matches()).isFalse();
    assertThat(Names.isPrincipalText(name)).isFalse();
  }
}
