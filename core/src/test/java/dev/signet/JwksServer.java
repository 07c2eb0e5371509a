package dev.signet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JWKS endpoint on a free loopback port for {@link RemoteJwks}' tests: {@code /jwks.json} serves
 * {@link #document}, other routes whatever a test installs, and every request is counted.
 */
final class JwksServer implements AutoCloseable {
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-jwks-server");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer server;
  volatile String document;
  private boolean down;

  JwksServer(VerificationKey... keys) throws IOException {
    document = jwks(keys);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    route("/jwks.json", exchange -> respond(exchange, 200, document));
    server.start();
  }

  static String jwks(VerificationKey... keys) {
    return VerificationKey.toJwks(List.of(keys));
  }

  void route(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      try (exchange) {
        handler.handle(exchange);
      }
    });
  }

  /** A route answering {@code status} with an endless body (64 MiB at most); {@code written} counts what got out. */
  void endless(String path, int status, AtomicLong written) {
    route(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Location", uri("/jwks.json").toString());
      exchange.sendResponseHeaders(status, 0);
      byte[] chunk = new byte[64 * 1024];
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < 1024; i++) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException expected) {
        // the client hung up
      }
    });
  }

  int requestsTo(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, "application/json", body);
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  void takeDown() {
    if (!down) {
      down = true;
      server.stop(0);
    }
  }

  @Override
  public void close() {
    takeDown();
    handlers.shutdownNow();
  }
}
