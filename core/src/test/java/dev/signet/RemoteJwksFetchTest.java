package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.ManualExecutor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@link RemoteJwks} fetches: bounded in size for every status, in time, no redirects, only
 * JSON content types, plain http only to literal loopback hosts, and no private addresses when
 * denied. Against a real HTTP server on a free loopback port.
 */
class RemoteJwksFetchTest {
  private final SigningKey key = dev.signet.testing.TestKeys.of(Algorithm.ES256, "fetch-1");
  private final JwksServer server;

  RemoteJwksFetchTest() throws IOException {
    server = new JwksServer(key.publicKey());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RemoteJwks.Builder remote(String path) {
    return RemoteJwks.builder(server.uri(path)).clock(Fixtures.clock()).executor(new ManualExecutor())
        .fetchTimeout(Duration.ofSeconds(10)); // generous: the machine may be busy
  }

  @Test
  void keys_documentOverSizeLimit_keySourceException() {
    String padded = server.document.replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(4096) + "\",");
    server.route("/big", exchange -> JwksServer.respond(exchange, 200, padded));

    assertThatThrownBy(() -> remote("/big").maxBytes(2048).build().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS document is larger than 2048 bytes");
  }

  @Test
  void keys_endlessDocument_stopsReadingAtTheLimit() {
    AtomicLong written = new AtomicLong();
    server.endless("/endless", 200, written);

    assertThatThrownBy(() -> remote("/endless").maxBytes(64 * 1024).build().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS document is larger than 65536 bytes");
    assertThat(written.get()).isLessThan(16L << 20);
  }

  /** gh-13: a 500 or 302 body was read without a cap until the deadline (3.4 GB a fetch). */
  @ParameterizedTest
  @ValueSource(ints = {500, 302, 404})
  void keys_errorStatusWithEndlessBody_bodyNotRead(int status) {
    AtomicLong written = new AtomicLong();
    server.endless("/error", status, written);

    assertThatThrownBy(() -> remote("/error").build().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("JWKS at " + server.uri("/error") + " is unavailable: JWKS endpoint answered HTTP " + status
            + "; next attempt from 2026-03-01T10:00:10Z");
    assertThat(written.get()).isLessThan(16L << 20); // the server offers 64 MiB
    assertThat(server.requestsTo("/jwks.json")).isZero(); // the redirect is not followed
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/jwk-set+json", "Application/JSON; charset=utf-8", "application/jwk-set+json;charset=UTF-8"})
  void keys_jsonContentType_accepted(String type) {
    server.route("/typed", exchange -> JwksServer.respond(exchange, 200, type, server.document));

    assertThat(remote("/typed").build().keys(null)).containsExactly(key.publicKey());
  }

  /** gh-13: the Content-Type was not checked. */
  @ParameterizedTest
  @ValueSource(strings = {"text/html", "text/plain", "application/jwk+json", "application/jsonx"})
  void keys_otherContentType_refused(String type) {
    server.route("/typed", exchange -> JwksServer.respond(exchange, 200, type, server.document));

    assertThatThrownBy(() -> remote("/typed").build().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("JWKS at " + server.uri("/typed") + " is unavailable: JWKS endpoint answered Content-Type " + type
            + "; expected application/json or application/jwk-set+json");
  }

  @Test
  void keys_serverTricklesBytes_failsAtTheFetchTimeout() {
    server.route("/slow", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < 200; i++) {
          out.write(' ');
          out.flush();
          TimeUnit.MILLISECONDS.sleep(50);
        }
      } catch (IOException | InterruptedException expected) {
        // the client hung up, or the server stopped
      }
    });

    assertThatThrownBy(() -> remote("/slow").fetchTimeout(Duration.ofMillis(500)).build().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS fetch took longer than PT0.5S");
  }

  @Test
  void keys_denyPrivateAddresses_loopbackRefusedWithoutConnecting() {
    assertThatThrownBy(() -> remote("/jwks.json").denyPrivateAddresses().build().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS host 127.0.0.1 refused: it resolves to a non-public address 127.0.0.1");
    assertThat(server.requestsTo("/jwks.json")).isZero();
  }

  @Test
  void build_plainHttpToNonLoopbackHost_refused() {
    assertThatThrownBy(() -> RemoteJwks.builder(URI.create("http://auth.example.com/jwks.json")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("JWKS URI must use https unless the host is loopback: http://auth.example.com/jwks.json");
    assertThat(RemoteJwks.builder(URI.create("http://auth.example.com/jwks.json")).allowPlainHttpToAnyHost().build())
        .hasToString("RemoteJwks[http://auth.example.com/jwks.json]");
  }

  /** gh-13: the loopback check was a prefix test, so http://127.attacker.example/ passed. */
  @ParameterizedTest
  @ValueSource(strings = {"127.attacker.example", "127.0.0.1.nip.io", "localhost.attacker.example", "127.0.0.1x", "0x7f.0.0.1", "127.0.0", "1.127.0.0.1"})
  void build_plainHttpToHostThatOnlyLooksLoopback_refused(String host) {
    URI uri = URI.create("http://" + host + "/jwks.json");

    assertThatThrownBy(() -> RemoteJwks.builder(uri).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("JWKS URI must ") // use https…, or be an absolute http(s) URL where java.net.URI finds no host
        .hasMessageEndingWith(": " + uri);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]"})
  void build_plainHttpToLoopbackLiteral_builds(String host) {
    assertThat(RemoteJwks.builder(URI.create("http://" + host + ":8080/jwks.json")).build()).isNotNull();
  }
}
