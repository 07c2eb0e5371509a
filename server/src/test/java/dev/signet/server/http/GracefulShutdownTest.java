package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} (what SIGTERM runs) while a client is still uploading a request body: the
 * request completes, new connections are refused from the start of the shutdown, and a client
 * that goes silent does not hold the shutdown up (Jetty allows 1 s of silence while stopping).
 */
class GracefulShutdownTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "shutdown-alice");
  static final byte[] BODY = "{\"slow\":\"upload, one byte at a time\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void close_whileABodyIsStillArriving_requestCompletesWith200AndNewConnectionsAreRefused() throws Exception {
    TestServer server = TestServer.builder().setting("shutdown-timeout", "10s").start();
    CompletableFuture<Void> closing = new CompletableFuture<>();
    int port = server.port();
    try (Socket slow = startSlowUpload(server)) {
      OutputStream out = slow.getOutputStream();

      closing = CompletableFuture.runAsync(server::close);
      for (int i = 1; i < BODY.length; i++) { // about 2 s of upload while close() runs
        Thread.sleep(50);
        out.write(BODY[i]);
        out.flush();
        assertThat(closing).as("close() waits for the request in flight").isNotDone();
      }
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .as("no new connections while shutting down").isInstanceOf(ConnectException.class);
      String response = readResponse(slow.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 200 ").contains("\"payload\":{\"slow\":\"upload, one byte at a time\"}");
      closing.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .isInstanceOf(ConnectException.class);
    } finally {
      closing.get(20, TimeUnit.SECONDS);
      server.close();
    }
  }

  @Test
  void close_whileAClientHasGoneSilentMidBody_408AndTheShutdownDoesNotWaitForIt() throws Exception {
    TestServer server = TestServer.builder().setting("shutdown-timeout", "10s").start();
    try (Socket silent = startSlowUpload(server)) {
      long start = System.nanoTime();

      server.close();
      long closedAfter = Duration.ofNanos(System.nanoTime() - start).toMillis();
      String response = readResponse(silent.getInputStream());

      assertThat(closedAfter).as("milliseconds close() took").isLessThan(5_000);
      assertThat(response).startsWith("HTTP/1.1 408 ").endsWith("{\"error\":\"request_timeout\"}");
    } finally {
      server.close();
    }
  }

  /** A bound POST /whoami whose headers and first body byte are sent, and that the server is now reading. */
  private static Socket startSlowUpload(TestServer server) throws Exception {
    ApiClient alice = server.createPrincipal("alice", ALICE);
    String head = "POST /whoami HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
        + "Authorization: JWT " + alice.bound().token("POST", "/whoami", BODY) + "\r\n"
        + "Content-Length: " + BODY.length + "\r\n\r\n";
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    socket.setSoTimeout(15_000);
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(BODY[0]);
    socket.getOutputStream().flush();
    Thread.sleep(200);
    return socket;
  }

  /** The status line, the headers and a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
