package dev.signet.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.Algorithm;
import dev.signet.KeySourceException;
import dev.signet.RemoteJwks;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.testing.ManualExecutor;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gh-13: {@link PublishedKeys} dropped idle {@link RemoteJwks} instances without closing them, so
 * each kept its refresh machinery. Time is a {@link MutableClock} that also drives the cache's
 * idle expiry; the JWKS is served on a free loopback port.
 */
class PublishedKeysTest {
  private final SigningKey key = TestKeys.of(Algorithm.ES256, "published-keys-test");
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final Map<URI, RemoteJwks> made = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final PublishedKeys published;

  PublishedKeysTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] document = VerificationKey.toJwks(List.of(key.publicKey())).getBytes(StandardCharsets.UTF_8);
    server.createContext("/jwks.json", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, document.length);
        exchange.getResponseBody().write(document);
      }
    });
    server.start();
    published = PublishedKeys.forTest(uri -> made.computeIfAbsent(uri,
        u -> RemoteJwks.builder(u).clock(clock).executor(new ManualExecutor()).build()), () -> clock.millis() * 1_000_000L);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
  }

  @Test
  void keysAt_sourceIdleForAnHour_evictedAndClosed() {
    assertThat(published.keysAt(uri())).containsExactly(key.publicKey());
    RemoteJwks source = made.get(uri());

    clock.advance(Duration.ofHours(3));
    published.cleanUp();

    // an open instance would fetch again here; a closed one no longer fetches
    assertThatThrownBy(() -> source.keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("is unavailable: it is closed");
  }

  @Test
  void close_everySourceClosed() {
    assertThat(published.keysAt(uri())).containsExactly(key.publicKey());
    RemoteJwks source = made.get(uri());

    published.close();
    clock.advance(Duration.ofHours(3));

    assertThatThrownBy(() -> source.keys(null)).isInstanceOf(KeySourceException.class).hasMessageContaining("it is closed");
  }
}
