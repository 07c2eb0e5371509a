package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Base64UrlAlphabetTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void contains_exactlyTheSixtyFourCharacters_overEveryChar() {
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      assertThat(Base64UrlAlphabet.contains((char) c)).as("U+%04X", c).isEqualTo(ALPHABET.indexOf(c) >= 0);
    }
  }
}
