package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gh-12: the address check resolved the host, then the connection resolved it again, so a DNS
 * answer that changed in between (rebinding) was never checked. Now the fetcher resolves once,
 * checks every answer and connects to a checked address, keeping the name for {@code Host}. A
 * fake resolver stands in for DNS; the server listens on loopback.
 */
class BoundedFetcherTest {
  private final List<String> hosts = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  BoundedFetcherTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", exchange -> {
      try (exchange) {
        hosts.add(exchange.getRequestHeaders().getFirst("Host"));
        byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.createContext("/registry/", exchange -> {
      try (exchange) {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        boolean known = exchange.getRequestURI().getPath().endsWith("/alice");
        byte[] body = (known ? "{\"name\":\"alice\"}" : "{\"error\":\"not_found\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(known ? 200 : 404, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String host) {
    return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/jwks.json");
  }

  private static BoundedFetcher fetcher(boolean allowNonPublic, BoundedFetcher.Resolver resolver) {
    return new BoundedFetcher(Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024, allowNonPublic, resolver);
  }

  @Test
  void fetch_hostResolvedByTheFetcher_connectsToTheAnswerWithTheOriginalHost() throws IOException {
    List<String> lookedUp = new ArrayList<>();
    BoundedFetcher fetcher = fetcher(true, host -> {
      lookedUp.add(host);
      return List.of(InetAddress.getLoopbackAddress());
    });

    String body = fetcher.fetch(uri("jwks.test")); // .test never resolves in real DNS

    assertThat(body).isEqualTo("{\"keys\":[]}");
    assertThat(lookedUp).containsExactly("jwks.test");
    assertThat(hosts).containsExactly("jwks.test:" + server.getAddress().getPort());
  }

  @Test
  void fetch_oneOfSeveralAnswersNonPublic_refusedWithoutConnecting() throws UnknownHostException {
    InetAddress publicOne = InetAddress.getByName("8.8.8.8");
    BoundedFetcher fetcher = fetcher(false, host -> List.of(publicOne, InetAddress.getLoopbackAddress()));

    assertThatThrownBy(() -> fetcher.fetch(uri("jwks.test")))
        .isInstanceOf(IOException.class)
        .hasMessage("JWKS host jwks.test refused: it resolves to a non-public address 127.0.0.1");
    assertThat(hosts).isEmpty();
  }

  @Test
  void fetch_answerIsIpv4MappedLoopback_refused() throws UnknownHostException {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
    InetAddress answer = Inet6Address.getByAddress("jwks.test", mapped, -1);
    BoundedFetcher fetcher = fetcher(false, host -> List.of(answer));

    assertThatThrownBy(() -> fetcher.fetch(uri("jwks.test")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("JWKS host jwks.test refused: it resolves to a non-public address ");
    assertThat(hosts).isEmpty();
  }

  @Test
  void fetch_afterClose_refused() {
    BoundedFetcher fetcher = fetcher(true, BoundedFetcher.Resolver.SYSTEM);
    fetcher.close();

    assertThatThrownBy(() -> fetcher.fetch(uri("127.0.0.1"))).isInstanceOf(IOException.class).hasMessage("fetcher is closed");
  }

  // gh-16: the gateway reads the key registry through the same bounds, with its own credentials
  @Test
  void fetch_withHeaders_sendsThemAndNamesWhatFailedByStatus() throws IOException {
    BoundedFetcher fetcher = new BoundedFetcher("registry", Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024, true,
        BoundedFetcher.Resolver.SYSTEM);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/registry/");

    String alice = fetcher.fetch(base.resolve("alice"), java.util.Map.of("Authorization", "JWT a.b.c"));

    assertThat(alice).isEqualTo("{\"name\":\"alice\"}");
    assertThat(authorizations).containsExactly("JWT a.b.c");
    assertThatThrownBy(() -> fetcher.fetch(base.resolve("bob"), java.util.Map.of("Authorization", "JWT d.e.f")))
        .isInstanceOfSatisfying(BoundedFetcher.StatusException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("registry endpoint answered HTTP 404");
  }
}
