package dev.signet.examples.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authorization server for tests, on a free loopback port: its RFC 8414 metadata at
 * {@code /.well-known/oauth-authorization-server} (naming {@code jwks_uri}), its JWKS at
 * {@code /jwks.json}, and RFC 9068 access tokens signed with its current key. Every request is
 * counted by path; {@link #down(boolean)} makes it answer 500 to everything (an outage).
 *
 * {@snippet :
 * try (TestIssuer issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "issuer"))) {
 *   String token = issuer.accessToken("hello-client", "hello-api", "hello:read");
 *   // start the application with signet.issuer = issuer.issuer()
 * }
 * }
 *
 * <p>Thread-safe. Its threads are daemons.
 */
public final class TestIssuer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-issuer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final String issuer;
  private final SigningKey key;
  private volatile boolean down;

  private TestIssuer(SigningKey key) throws IOException {
    this.key = key;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  /** An issuer that signs with {@code key} and publishes it. */
  public static TestIssuer start(SigningKey key) {
    try {
      return new TestIssuer(Objects.requireNonNull(key, "key"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on a loopback port", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (down) {
        respond(exchange, 500, "{}");
      } else if (path.equals("/jwks.json")) {
        respond(exchange, 200, VerificationKey.toJwks(List.of(key.publicKey())));
      } else if (path.equals("/.well-known/oauth-authorization-server")) {
        respond(exchange, 200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + uri("/jwks.json") + "\"}");
      } else {
        respond(exchange, 404, "{}");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Its issuer identifier, {@code http://127.0.0.1:PORT}: the {@code iss} of its tokens. */
  public String issuer() {
    return issuer;
  }

  /** A URL on it. */
  public URI uri(String path) {
    return URI.create(issuer + path);
  }

  /** The key it signs with now. */
  public SigningKey key() {
    return key;
  }

  /** An RFC 9068 access token of this issuer, valid for 5 minutes, to adjust before signing. */
  public TestTokens.Builder token(String subject, String audience, String scope) {
    return TestTokens.signedBy(key).accessToken(issuer, subject, audience, scope);
  }

  /** A signed RFC 9068 access token of this issuer, valid for 5 minutes. */
  public String accessToken(String subject, String audience, String scope) {
    return token(subject, audience, scope).sign();
  }

  /** While {@code true}, every request is answered 500. */
  public void down(boolean down) {
    this.down = down;
  }

  /** How many requests reached {@code path} so far. */
  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  @Override
  public String toString() {
    return "TestIssuer[" + issuer + "]";
  }
}
