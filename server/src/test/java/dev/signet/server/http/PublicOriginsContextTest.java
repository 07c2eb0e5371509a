package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.RequestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The request a token's binding is checked against: the path and query under each public base.
 * {@code GET /whoami} without a query or body is made once (gh-18) and must be the request any
 * other would be.
 */
class PublicOriginsContextTest {
  static final PublicOrigins ORIGINS = PublicOrigins.of(URI.create("http://signet.example/"),
      List.of(URI.create("http://localhost:8080"), URI.create("https://gw.example/auth")), TrustedProxies.none());

  private record Plain(String method, String path, @Nullable String query) implements Exchange {
    @Override
    public @Nullable String header(String name) {
      return null;
    }

    @Override
    public List<String> headers(String name) {
      return List.of();
    }

    @Override
    public byte[] body() {
      return new byte[0];
    }

    @Override
    public String requestId() {
      return "id";
    }

    @Override
    public String source() {
      return "127.0.0.1";
    }
  }

  private static RequestContext expected(String method, String pathAndQuery, byte[] body) {
    return RequestContext.of(method, URI.create("http://signet.example" + pathAndQuery), body).alsoAddressedAs(List.of(
        URI.create("http://localhost:8080" + pathAndQuery), URI.create("https://gw.example/auth" + pathAndQuery)));
  }

  @Test
  void request_getWhoamiWithoutQueryOrBody_theWhoamiUrlUnderEveryBase() {
    RequestContext context = ORIGINS.request(new Plain("GET", "/whoami", null), new byte[0]);

    assertThat(context).isEqualTo(expected("GET", "/whoami", new byte[0]));
    assertThat(context.uris()).extracting(URI::toString).containsExactly(
        "http://signet.example/whoami", "http://localhost:8080/whoami", "https://gw.example/auth/whoami");
  }

  @Test
  void request_whoamiWithAQueryAnotherMethodOrABody_madeForThatRequest() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(ORIGINS.request(new Plain("GET", "/whoami", "a=b|c"), new byte[0]))
        .isEqualTo(expected("GET", "/whoami?a=b%7Cc", new byte[0]));
    assertThat(ORIGINS.request(new Plain("POST", "/whoami", null), body)).isEqualTo(expected("POST", "/whoami", body));
    assertThat(ORIGINS.request(new Plain("GET", "/whoami", null), body)).isEqualTo(expected("GET", "/whoami", body));
    assertThat(ORIGINS.request(new Plain("GET", "/whoami/", null), new byte[0])).isEqualTo(expected("GET", "/whoami/", new byte[0]));
    assertThat(ORIGINS.request(new Plain("GET", "/me/keys", null), new byte[0])).isEqualTo(expected("GET", "/me/keys", new byte[0]));
  }
}
