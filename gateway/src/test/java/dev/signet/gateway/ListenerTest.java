package dev.signet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener itself: hop-by-hop headers as a raw client sends them, and TLS from PEM files. */
class ListenerTest {
  @TempDir Path dir;

  @Test
  void request_hopByHopAndConnectionNamedHeaders_neverReachUpstream() throws Exception {
    try (Upstream upstream = new Upstream();
        Gateway gateway = Gateway.start(Fixture.write(dir, """
            listen: 127.0.0.1:0
            routes:
              - {path: /, upstream: %s, auth: none}
            """.formatted(upstream.url())))) {
      try (Socket socket = new Socket("127.0.0.1", gateway.uri().getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /hop HTTP/1.1\r\nHost: example\r\nConnection: keep-alive, X-Internal\r\nX-Internal: secret\r\n"
            + "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers\r\nTrailer: X-Sum\r\n"
            + "X-JWT-Sub: admin\r\nx-JwT-cLaImS: e30\r\nX-Kept: yes\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[2000];
        int n = in.read(buf);
        String head = new String(buf, 0, n, StandardCharsets.US_ASCII);
        assertThat(head).startsWith("HTTP/1.1 200");
      }

      Upstream.Seen seen = upstream.last();
      assertThat(seen.header("X-Kept")).containsExactly("yes");
      assertThat(seen.headers().keySet()).doesNotContain("x-internal", "keep-alive", "proxy-authorization", "te", "trailer", "x-jwt-sub", "x-jwt-claims");
      assertThat(seen.header("Host")).allMatch(h -> h.startsWith("127.0.0.1:"));
    }
  }

  @Test
  void request_refusedByJetty_genericJsonBody() throws Exception {
    try (Upstream upstream = new Upstream();
        Gateway gateway = Gateway.start(Fixture.write(dir, """
            listen: 127.0.0.1:0
            routes:
              - {path: /, upstream: %s, auth: none}
            """.formatted(upstream.url())))) {
      try (Socket socket = new Socket("127.0.0.1", gateway.uri().getPort())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: example\r\nUpgrade: h2c\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

        assertThat(response).startsWith("HTTP/1.1 400").endsWith("{\"error\":\"invalid_request\"}").doesNotContain("<html>");
      }
      assertThat(upstream.count()).isZero();
    }
  }

  @Test
  void get_overUnauthenticatedSourceLimit_429_refusedTokensCountToo() throws Exception {
    try (Upstream upstream = new Upstream();
        Gateway gateway = Gateway.start(Fixture.write(dir, """
            listen: 127.0.0.1:0
            unauthenticated_rate_limit: {requests: 3, per: 1h}
            request_tokens:
              keys: {alice: alice.jwks}
            routes:
              - {path: /open, upstream: %1$s, auth: none}
              - {path: /signed, upstream: %1$s, auth: request-token}
            """.formatted(upstream.url()).replace("alice.jwks", alice())))) {
      assertThat(Fixture.get(gateway.uri().resolve("/open/a")).statusCode()).isEqualTo(200);
      assertThat(Fixture.get(gateway.uri().resolve("/signed/a"), "Authorization", "JWT not.a.token").statusCode()).isEqualTo(401);
      assertThat(Fixture.get(gateway.uri().resolve("/open/a")).statusCode()).isEqualTo(200);

      HttpResponse<String> r = Fixture.get(gateway.uri().resolve("/open/a"));

      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).isEqualTo("{\"error\":\"rate_limited\"}");
    }
  }

  private String alice() throws Exception {
    Path file = dir.resolve("alice.jwks");
    java.nio.file.Files.writeString(file, dev.signet.VerificationKey.toJwks(java.util.List.of(
        dev.signet.testing.TestKeys.of(dev.signet.Algorithm.ES256, "alice").publicKey())));
    return file.getFileName().toString();
  }

  @Test
  void start_tlsFromPemFiles_servesHttps() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    SelfSignedCertificate.PemFiles pem = cert.written(dir, "gateway");
    try (Upstream upstream = new Upstream();
        Gateway gateway = Gateway.start(Fixture.write(dir, """
            listen: 127.0.0.1:0
            tls: {cert: %s, key: %s}
            routes:
              - {path: /, upstream: %s, auth: none}
            """.formatted(pem.certificate().getFileName(), pem.key().getFileName(), upstream.url())))) {
      HttpClient client = HttpClient.newBuilder().sslContext(cert.trustingContext()).build();

      HttpResponse<String> r = client.send(HttpRequest.newBuilder(gateway.uri().resolve("/tls")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(gateway.uri().getScheme()).isEqualTo("https");
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
