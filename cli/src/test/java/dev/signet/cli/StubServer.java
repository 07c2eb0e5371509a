package dev.signet.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HttpServer on a loopback port that records every request and gives one fixed answer, for
 * the answers a real Signet server never gives (HTML errors, non-JSON, silence) and for looking
 * at exactly what a command sent.
 */
final class StubServer implements AutoCloseable {
  /** A request as it arrived. */
  record Recorded(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst()).findFirst().orElse("");
    }
  }

  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  private StubServer(int status, String contentType, String body, Duration delay) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(),
            Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
      }
      sleep(delay);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  static StubServer answering(int status, String contentType, String body) {
    return new StubServer(status, contentType, body, Duration.ZERO);
  }

  /** Answers only after {@code delay}: for timeouts. */
  static StubServer slow(Duration delay) {
    return new StubServer(200, "text/plain", "late", delay);
  }

  /** A loopback URL nothing listens on (the port was free a moment ago). */
  static String unreachableUrl() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
