package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.http.ListenerException;
import dev.signet.server.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stops a start, said in one line that names what to change (gh-19). A second server on the
 * same data directory needs a second process (H2 shares an open file within one): {@code
 * ServerCommandTest} in dist covers it.
 */
class StartupTest {
  @TempDir Path dir;

  @Test
  void start_portInUse_refusedNamingThePortBeforeTheDatabaseIsTouched() throws IOException {
    try (ServerSocket taken = occupy()) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> TestServer.builder().dir(dir).setting("port", Integer.toString(port)).start())
          .isInstanceOf(ListenerException.class)
          .hasMessage("port " + port + " on 127.0.0.1 is already in use (--port): stop what listens there, or choose another port"
              + " (0 picks a free one)");
      assertThat(dir.resolve("data")).as("no database was opened").doesNotExist();
    }
  }

  @Test
  void start_managementPortInUse_refusedNamingItsFlag() throws IOException {
    try (ServerSocket taken = occupy()) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> TestServer.builder().dir(dir).setting("management-port", Integer.toString(port)).start())
          .isInstanceOf(ListenerException.class)
          .hasMessageStartingWith("port " + port + " on 127.0.0.1 is already in use (--management-port): ");
      assertThat(dir.resolve("data")).doesNotExist();
    }
  }

  @Test
  void start_failingAfterTheBind_portFreeAgain() throws IOException {
    int port;
    try (ServerSocket probe = occupy()) {
      port = probe.getLocalPort();
    }
    Path notACertificate = Files.writeString(dir.resolve("cert.pem"), "not a certificate");

    assertThatThrownBy(() -> TestServer.builder().dir(dir).setting("port", Integer.toString(port))
        .setting("tls-cert", notACertificate.toString()).setting("tls-key", notACertificate.toString()).start())
        .isInstanceOf(ConfigException.class);

    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(again.isBound()).as("the failed start released port %d", port).isTrue();
    }
  }

  private static ServerSocket occupy() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }
}
