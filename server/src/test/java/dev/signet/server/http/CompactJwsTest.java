package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shape check that runs before a token is verified against the request (gh-18: it replaced a regex). */
class CompactJwsTest {
  @ParameterizedTest
  @ValueSource(strings = {"a.b.c", "eyJ.e-_.sig", "a..", "A_-9.x.", "a.b.c-_"})
  void compactJws_threeBase64UrlSegments_accepted(String token) {
    assertThat(RequestTokenAuthentication.compactJws(token)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", ".b.c", "a.b", "a.b.c.d", "a.b.c=", "a b.c.d", "a.b.c\n", "ä.b.c", "a.b+.c", "a/b.c.d",
      "a.b.\u0080", "a.\u00ff.c", "a.b.c\u0000", "a.b.\u007f", "a.\u2024.c", "a\uFF0Eb.c"})
  void compactJws_otherShapes_refused(String token) {
    assertThat(RequestTokenAuthentication.compactJws(token)).isFalse();
  }
}
