package dev.signet.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Serves one JWKS document at {@code http://127.0.0.1:PORT/.well-known/jwks.json}, for foreign JWKS clients. */
final class JwksServer implements AutoCloseable {
  private static final String PATH = "/.well-known/jwks.json";

  private final HttpServer server;

  private JwksServer(HttpServer server) {
    this.server = server;
  }

  static JwksServer serving(String jwks) {
    byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
    server.createContext(PATH, exchange -> {
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        out.write(body);
      }
    });
    server.start();
    return new JwksServer(server);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
