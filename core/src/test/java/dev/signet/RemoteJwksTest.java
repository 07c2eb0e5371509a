package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteJwks} against a real HTTP server on a free loopback port: caching, refetch on an
 * unknown kid, rate limiting and negative caching of refetches, outage tolerance, bounded fetches
 * (size, time, no redirects, no private addresses) and skipping keys Signet would not accept.
 * Intervals are configured short so that the few waits stay well under a second.
 */
class RemoteJwksTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final MutableClock clock = Fixtures.clock();
  private final SigningKey k1 = TestKeys.of(Algorithm.ES256, "jwks-1");
  private final SigningKey k2 = TestKeys.of(Algorithm.ES256, "jwks-2");
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-jwks-server");
    t.setDaemon(true);
    return t;
  });
  private volatile String document;
  private HttpServer server;
  private boolean serverDown;

  @BeforeEach
  void startServer() throws IOException {
    document = jwks(k1.publicKey());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    route("/jwks.json", exchange -> respond(exchange, 200, document));
    server.start();
  }

  @AfterEach
  void stopServer() {
    takeServerDown();
    handlers.shutdownNow();
  }

  private void takeServerDown() {
    if (!serverDown) {
      serverDown = true;
      server.stop(0);
    }
  }

  private void route(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      try (exchange) {
        handler.handle(exchange);
      }
    });
  }

  private int requestsTo(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static String jwks(VerificationKey... keys) {
    return VerificationKey.toJwks(List.of(keys));
  }

  /** Short intervals; each test lengthens what it needs. */
  private RemoteJwks.Builder remote(String path) {
    return RemoteJwks.builder(uri(path))
        .cacheTtl(Duration.ofMinutes(10))
        .minRefetchInterval(Duration.ofMillis(1))
        .connectTimeout(Duration.ofSeconds(2))
        .fetchTimeout(Duration.ofSeconds(3)); // generous: the machine may be busy
  }

  private TokenVerifier verifier(KeySource keys) {
    return TokenVerifier.builder(keys).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
  }

  private String token(SigningKey key) {
    return TestTokens.signedBy(key).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "a").sign();
  }

  private String tokenWithKid(SigningKey key, String kid) {
    return TestTokens.signedBy(key).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "a").header("kid", kid).sign();
  }

  @Test
  void verify_manyTokens_oneFetch() {
    TokenVerifier verifier = verifier(remote("/jwks.json").build());

    for (int i = 0; i < 25; i++) {
      assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    }
    assertThat(requestsTo("/jwks.json")).isEqualTo(1);
  }

  @Test
  void verify_keyRotatedIn_refetchedOnUnknownKid() {
    TokenVerifier verifier = verifier(remote("/jwks.json").build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();

    document = jwks(k1.publicKey(), k2.publicKey());

    assertThat(verifier.verify(token(k2)).isValid()).isTrue();
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    assertThat(requestsTo("/jwks.json")).isEqualTo(2);
  }

  @Test
  void verify_tokenWithoutKid_usesCachedKeys() {
    TokenVerifier verifier = verifier(remote("/jwks.json").build());

    assertThat(verifier.verify(tokenWithKid(k1, null)).isValid()).isTrue();
    assertThat(verifier.verify(tokenWithKid(k1, null)).isValid()).isTrue();
    assertThat(requestsTo("/jwks.json")).isEqualTo(1);
  }

  /** A flood of made-up kids is answered UNKNOWN_KEY, never 503, with a bounded number of fetches. */
  @Test
  void verify_manyUnknownKids_fetchesRateLimitedAndEachUnknownKey() {
    RemoteJwks keys = remote("/jwks.json").minRefetchInterval(Duration.ofMinutes(5)).build();
    TokenVerifier verifier = verifier(keys);
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();

    List<Verification> results = new ArrayList<>();
    IntStream.range(0, 50).forEach(i -> results.add(verifier.verify(tokenWithKid(k1, "made-up-" + i))));

    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i)).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY, "no key with kid 'made-up-" + i + "' at " + keys));
    }
    assertThat(requestsTo("/jwks.json")).isLessThanOrEqualTo(2);
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
  }

  /** A kid that a refetch did not find is remembered as unknown: repeating it costs no fetch. */
  @Test
  void verify_sameUnknownKidAgain_notRefetched() {
    TokenVerifier verifier = verifier(remote("/jwks.json").unknownKidTtl(Duration.ofSeconds(1)).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();

    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
    int afterFirstMiss = requestsTo("/jwks.json");
    for (int i = 0; i < 10; i++) {
      assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
    }
    assertThat(afterFirstMiss).isEqualTo(2);
    assertThat(requestsTo("/jwks.json")).isEqualTo(2);

    document = jwks(k1.publicKey(), k2.publicKey());
    sleep(Duration.ofMillis(1100));
    assertThat(verifier.verify(token(k2)).isValid()).isTrue();
    assertThat(requestsTo("/jwks.json")).isEqualTo(3);
  }

  /** A rate-limited refetch is not a verdict on the kid: once fetching is allowed again, a rotated-in key is found. */
  @Test
  void verify_kidUnknownWhileRateLimited_foundOnceRefetchAllowed() {
    TokenVerifier verifier = verifier(remote("/jwks.json").minRefetchInterval(Duration.ofSeconds(1)).unknownKidTtl(Duration.ofMinutes(5)).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    assertThat(verifier.verify(tokenWithKid(k1, "made-up"))).isEqualTo(unknown("made-up")); // second fetch of this interval
    document = jwks(k1.publicKey(), k2.publicKey());

    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid())); // rate limited: not fetched
    assertThat(requestsTo("/jwks.json")).isEqualTo(2);
    sleep(Duration.ofMillis(1100));

    assertThat(verifier.verify(token(k2)).isValid()).isTrue();
  }

  @Test
  void verify_serverDownAfterFirstFetch_stillVerifiesFromCache() {
    TokenVerifier verifier = verifier(remote("/jwks.json").build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();

    takeServerDown();

    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
  }

  @Test
  void verify_serverDownAndCacheExpired_outageToleranceServesTheLastDocument() {
    TokenVerifier verifier = verifier(remote("/jwks.json").cacheTtl(Duration.ofMillis(600)).minRefetchInterval(Duration.ofMillis(10)).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();

    takeServerDown();
    sleep(Duration.ofMillis(700));

    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
  }

  @Test
  void verify_nothingCachedAndServerDown_keySourceException() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/jwks.json");
    TokenVerifier verifier = verifier(RemoteJwks.builder(nowhere).build());

    for (int attempt = 0; attempt < 4; attempt++) { // still 503 once refetches are rate limited
      assertThatThrownBy(() -> verifier.verify(token(k1)))
          .isInstanceOf(KeySourceException.class)
          .hasMessageStartingWith("JWKS at " + nowhere + " is unavailable: ");
    }
  }

  @Test
  void verify_serverAnswers500_keySourceException() {
    route("/broken", exchange -> respond(exchange, 500, "oops"));

    assertThatThrownBy(() -> verifier(remote("/broken").build()).verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS endpoint answered HTTP 500");
  }

  @Test
  void verify_documentNotJson_keySourceException() {
    route("/garbage", exchange -> respond(exchange, 200, "<html>login</html>"));

    assertThatThrownBy(() -> verifier(remote("/garbage").build()).verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("JWKS at " + uri("/garbage") + " is unavailable: ");
  }

  @Test
  void verify_documentOverSizeLimit_keySourceException() {
    String padded = document.replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(4096) + "\",");
    route("/big", exchange -> respond(exchange, 200, padded));
    TokenVerifier verifier = verifier(remote("/big").maxBytes(2048).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS document is larger than 2048 bytes");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }

  @Test
  void verify_endlessDocument_stopsReadingAtTheLimit() {
    AtomicInteger written = new AtomicInteger();
    route("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[8192];
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < 4096; i++) { // 32 MiB at most
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException expected) {
        // the client hung up
      }
    });
    TokenVerifier verifier = verifier(remote("/endless").maxBytes(64 * 1024).fetchTimeout(Duration.ofSeconds(2)).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS document is larger than 65536 bytes");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }

  @Test
  void verify_serverTricklesBytes_failsWithinTheFetchTimeout() {
    route("/slow", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < 100; i++) {
          out.write(' ');
          out.flush();
          Thread.sleep(50);
        }
      } catch (IOException | InterruptedException expected) {
        // the client hung up, or the server stopped
      }
    });
    TokenVerifier verifier = verifier(remote("/slow").fetchTimeout(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS fetch took longer than PT0.3S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), BOUND);
  }

  @Test
  void verify_serverNeverAnswers_failsWithinTheFetchTimeout() {
    route("/silent", exchange -> sleep(Duration.ofSeconds(5)));
    TokenVerifier verifier = verifier(remote("/silent").fetchTimeout(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> verifier.verify(token(k1))).isInstanceOf(KeySourceException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }

  @Test
  void verify_redirect_notFollowed() {
    route("/moved", exchange -> {
      exchange.getResponseHeaders().set("Location", uri("/jwks.json").toString());
      exchange.sendResponseHeaders(302, -1);
    });

    assertThatThrownBy(() -> verifier(remote("/moved").build()).verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("JWKS endpoint answered HTTP 302");
    assertThat(requestsTo("/moved")).isEqualTo(1);
    assertThat(requestsTo("/jwks.json")).isZero();
  }

  @Test
  void verify_denyPrivateAddresses_loopbackRefusedWithoutConnecting() {
    TokenVerifier verifier = verifier(remote("/jwks.json").denyPrivateAddresses().build());

    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("refusing to fetch from 127.0.0.1: it resolves to a non-public address 127.0.0.1");
    assertThat(requestsTo("/jwks.json")).isZero();
  }

  @Test
  void build_plainHttpToNonLoopbackHost_refused() {
    assertThatThrownBy(() -> RemoteJwks.builder(URI.create("http://auth.example.com/jwks.json")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("JWKS URI must use https unless the host is loopback: http://auth.example.com/jwks.json");
    assertThat(RemoteJwks.builder(URI.create("http://auth.example.com/jwks.json")).allowPlainHttpToAnyHost().build())
        .hasToString("RemoteJwks[http://auth.example.com/jwks.json]");
    assertThat(RemoteJwks.builder(URI.create("http://localhost:8080/jwks.json")).build()).isNotNull();
    assertThat(RemoteJwks.builder(URI.create("http://[::1]:8080/jwks.json")).build()).isNotNull();
  }

  /** Symmetric keys, RSA under 2048 bits and encryption keys are skipped, not fatal. */
  @Test
  void keys_documentWithKeysSignetWouldNotAccept_onlyUsableOnesReturned() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    JWK weak = new RSAKey.Builder((RSAPublicKey) rsa.generateKeyPair().getPublic()).keyID("weak").build();
    JWK oct = new OctetSequenceKey.Builder(new byte[32]).keyID("oct").build();
    JWK enc = new ECKey.Builder(Curve.P_256, (ECPublicKey) k2.publicKey().key()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
    JWK good = JWK.parse(k1.publicKey().toJwk());
    document = new JWKSet(List.of(oct, weak, enc, good)).toString(false);
    RemoteJwks keys = remote("/jwks.json").build();

    assertThat(keys.keys(null)).containsExactly(k1.publicKey());
    assertThat(keys.keys("oct")).isEmpty();
    assertThat(keys.keys("weak")).isEmpty();
    assertThat(keys.keys("enc")).isEmpty();
    assertThat(keys.keys(k1.kid())).containsExactly(k1.publicKey());
    assertThat(verifier(keys).verify(token(k1)).isValid()).isTrue();
  }

  private Invalid unknown(String kid) {
    return new Invalid(Rejection.UNKNOWN_KEY, "no key with kid '" + kid + "' at RemoteJwks[" + uri("/jwks.json") + "]");
  }

  private static void sleep(Duration d) {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
