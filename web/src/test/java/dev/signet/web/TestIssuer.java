package dev.signet.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authorization server for tests, on a free loopback port: its metadata (RFC 8414 or OpenID
 * Connect, or none), its JWKS at {@code /jwks.json}, an RFC 7662 introspection endpoint at
 * {@code /introspect}, and access tokens signed with its key. Every request is counted by path.
 */
final class TestIssuer implements AutoCloseable {
  enum Metadata { OAUTH, OPENID, NONE }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-issuer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  final SigningKey key;
  final String issuer;
  private final String path;
  private final Metadata metadata;
  final Set<String> inactive = ConcurrentHashMap.newKeySet();
  volatile String metadataIssuer;
  volatile boolean down;

  private TestIssuer(String path, Metadata metadata, SigningKey key) throws IOException {
    this.key = key;
    this.path = path;
    this.metadata = metadata;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + path;
    this.metadataIssuer = issuer;
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  static TestIssuer start(String path, Metadata metadata, SigningKey key) throws IOException {
    return new TestIssuer(path, metadata, key);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requested = exchange.getRequestURI().getRawPath();
      requests.computeIfAbsent(requested, p -> new AtomicInteger()).incrementAndGet();
      if (down) {
        respond(exchange, 500, "{}");
      } else if (requested.equals("/jwks.json")) {
        respond(exchange, 200, VerificationKey.toJwks(List.of(key.publicKey())));
      } else if ((metadata == Metadata.OAUTH && requested.equals("/.well-known/oauth-authorization-server" + path))
          || (metadata == Metadata.OPENID && requested.equals(path + "/.well-known/openid-configuration"))) {
        respond(exchange, 200, "{\"issuer\":\"" + metadataIssuer + "\",\"jwks_uri\":\"" + uri("/jwks.json") + "\"}");
      } else if (requested.equals("/introspect")) {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = URLDecoder.decode(form.substring(form.indexOf("token=") + 6, form.indexOf('&')), StandardCharsets.UTF_8);
        respond(exchange, 200, "{\"active\":" + !inactive.contains(token) + "}");
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

  URI uri(String p) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + p);
  }

  /** An RFC 9068 access token of this issuer, valid for 5 minutes. */
  TestTokens.Builder token(String subject, String audience, String scope) {
    return TestTokens.signedBy(key).accessToken(issuer, subject, audience, scope);
  }

  String accessToken(String subject, String audience, String scope) {
    return token(subject, audience, scope).sign();
  }

  int requests(String p) {
    return requests.getOrDefault(p, new AtomicInteger()).get();
  }

  int totalRequests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
