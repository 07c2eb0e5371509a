package dev.signet.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A small real HTTP server standing for the service behind the gateway, on a free loopback port.
 * It records the headers of every request (names lower-cased) and its body (the first MiB; none for
 * {@code …/sleep} and {@code …/upload}), answers 200 {@code ok}, and by
 * path: {@code …/sleep} waits 3 s first; {@code …/upload} reads the body slowly (1 ms per 256 KiB)
 * and answers its length and CRC-32C.
 */
final class Upstream implements AutoCloseable {
  record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().name("upstream").unstarted(r));
  private final ConcurrentLinkedDeque<Seen> seen = new ConcurrentLinkedDeque<>();
  private final AtomicInteger connections = new AtomicInteger();

  Upstream() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Seen last() {
    return seen.getLast();
  }

  int count() {
    return seen.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      String path = exchange.getRequestURI().getPath();
      String body = "ok";
      if (path.endsWith("/sleep")) {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, ""));
        Thread.sleep(3000);
      } else if (path.endsWith("/upload")) {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, ""));
        body = digest(exchange.getRequestBody());
      } else {
        byte[] head = exchange.getRequestBody().readNBytes(1 << 20);
        exchange.getRequestBody().transferTo(OutputStreamSink.INSTANCE);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, new String(head, StandardCharsets.UTF_8)));
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.getResponseHeaders().set("Keep-Alive", "timeout=5");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the whole body, 1 ms slower per 256 KiB than it could: its length and running CRC-32C. */
  private static String digest(InputStream in) throws IOException, InterruptedException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[256 * 1024];
    long total = 0;
    int n;
    while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
      crc.update(buffer, 0, n);
      total += n;
      Thread.sleep(1);
    }
    return total + " " + Long.toHexString(crc.getValue());
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
