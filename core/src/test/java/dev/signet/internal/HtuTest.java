package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A DPoP proof's {@code htu} against the URLs a request may have been addressed to (RFC 9449 §4.3). */
class HtuTest {
  private static final List<URI> CANDIDATES = List.of(URI.create("https://api.example.com/orders"), URI.create("http://127.0.0.1:8080/orders"));

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example.com/orders", "HTTPS://API.Example.COM/orders", "https://api.example.com:443/orders",
      "http://127.0.0.1:8080/orders"})
  void match_sameUrlAfterNormalisation_matches(String htu) {
    assertThat(Htu.match(htu, CANDIDATES)).isEqualTo(URI.create(htu));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example.com/Orders", "https://api.example.com/orders?x=1", "https://api.example.com/orders#f",
      "https://user@api.example.com/orders", "http://api.example.com/orders", "https://api.example.com:8443/orders",
      "https://api.example.com.evil.test/orders", "/orders", "https://api.example.com/orders/", "not a uri", "",
      "http://127.0.0.1:80/orders"})
  void match_anythingElse_null(String htu) {
    assertThat(Htu.match(htu, CANDIDATES)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com", "https://example.com/", "https://example.com:443"})
  void match_emptyPathIsTheRoot(String htu) {
    assertThat(Htu.match(htu, List.of(URI.create("https://example.com/")))).isNotNull();
  }
}
