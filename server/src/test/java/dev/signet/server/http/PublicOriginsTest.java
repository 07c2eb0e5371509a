package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.testing.FreePort;
import dev.signet.testing.TestKeys;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code htu} is judged against the server's own public origins ({@code --issuer} and each
 * {@code --public-url}), never against the {@code Host} or {@code X-Forwarded-*} headers a client
 * sends (issue 12, item 2). The test client on 127.0.0.1 is a trusted proxy here, so that
 * forwarding headers are believed and still add no origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicOriginsTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");

  TestServer server;
  int port;

  @BeforeAll
  void start() {
    port = FreePort.pick();
    server = TestServer.builder()
        .setting("port", Integer.toString(port))
        .setting("issuer", "http://signet.example")
        .setting("public-url", "http://localhost:" + port + ",https://gw.example/auth")
        .setting("trusted-proxies", "127.0.0.1")
        .start();
    server.createPrincipal("alice", ALICE);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String boundTo(String url) {
    return TokenSigner.of(ALICE).requestToken("alice").bind(RequestContext.of("GET", URI.create(url))).sign();
  }

  private String get(String target, String headers, String token) {
    return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\n" + headers + "Authorization: JWT " + token
        + "\r\nConnection: close\r\n\r\n");
  }

  @Test // gh-12 item 2: was accepted, the binding being checked against the Host header as well
  void whoami_tokenBoundToAnotherServerSentWithItsHost_401() {
    String response = get("/whoami", "Host: evil.example\r\n", boundTo("http://evil.example/whoami"));

    assertThat(response).startsWith("HTTP/1.1 401 ");
  }

  @Test
  void whoami_tokenBoundToAnotherServerSentWithForwardingHeaders_401() {
    String forwarded = "Host: 127.0.0.1:" + port + "\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\n";
    String rfc7239 = "Host: 127.0.0.1:" + port + "\r\nForwarded: host=evil.example;proto=http\r\n";

    assertThat(get("/whoami", forwarded, boundTo("http://evil.example/whoami"))).startsWith("HTTP/1.1 401 ");
    assertThat(get("/whoami", rfc7239, boundTo("http://evil.example/whoami"))).startsWith("HTTP/1.1 401 ");
  }

  @Test
  void whoami_tokenBoundToTheIssuer_acceptedWhateverHostTheRequestNames() {
    assertThat(get("/whoami", "Host: evil.example\r\n", boundTo("http://signet.example/whoami"))).startsWith("HTTP/1.1 200 ");
    assertThat(get("/whoami?a=1", "Host: 127.0.0.1:" + port + "\r\n", boundTo("http://signet.example/whoami?a=1")))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void whoami_tokenBoundToAPublicUrl_accepted() {
    assertThat(get("/whoami", "Host: localhost:" + port + "\r\n", boundTo("http://localhost:" + port + "/whoami")))
        .startsWith("HTTP/1.1 200 ");
    // a prefix-stripping gateway: the client addressed https://gw.example/auth/whoami
    assertThat(get("/whoami?x=1", "Host: 127.0.0.1:" + port + "\r\n", boundTo("https://gw.example/auth/whoami?x=1")))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void whoami_tokenBoundToTheListenAddressThatIsNoPublicUrl_401() {
    String direct = "http://127.0.0.1:" + port + "/whoami";

    assertThat(get("/whoami", "Host: 127.0.0.1:" + port + "\r\n", boundTo(direct))).startsWith("HTTP/1.1 401 ");
  }
}
