package dev.signet.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Requests written byte for byte, for what java.net.http will not send (URIs it refuses, broken framing). */
final class RawHttp {
  private RawHttp() {}

  /** Sends {@code request} as it is and reads the whole response (send {@code Connection: close}). */
  static String exchange(int port, String request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET of {@code target} with {@code Authorization: JWT token} and the given Host. */
  static String get(int port, String target, String host, String token) {
    return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: JWT " + token
        + "\r\nConnection: close\r\n\r\n");
  }
}
