package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.it.Distribution.Run;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a process on https with a self-signed certificate made by openssl
 * ({@code --tls-cert}/{@code --tls-key}): {@code signet curl --cacert} gets through, and then
 * SIGTERM stops it cleanly. One server for both, started once (JVM starts are the cost here).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpsServerIT {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(10); // JVM exit on a busy machine

  @TempDir static Path dir;
  static ServerProcess server;

  @BeforeAll
  static void startServer() throws IOException, InterruptedException {
    selfSignedCertificate();
    SigningKey admin = TestKeys.fresh(dev.signet.Algorithm.ES256);
    Files.writeString(dir.resolve("admin.pem"), admin.toPem());
    Files.writeString(dir.resolve("admin.pub"), admin.publicKey().toPem());
    server = ServerProcess.start(dir.resolve("data"), "--tls-cert", "cert.pem", "--tls-key", "tls-key.pem",
        "--admin-key", "admin.pub", "--shutdown-timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  @Order(1)
  void curl_cacertOfSelfSignedServer_200() {
    String url = server.url().toString();

    Run trusted = Distribution.signet(dir, "curl", url + "/whoami", "--cacert", "cert.pem", "--key", "./admin.pem",
        "--principal", "admin", "--fail", "--bind");

    assertThat(url).startsWith("https://127.0.0.1:");
    assertThat(trusted.exitCode()).as("%s", trusted).isZero();
    assertThat(ApiClient.parse(trusted.out()).path("principal").textValue()).isEqualTo("admin");
    assertThat(trusted.err()).isEmpty();
  }

  @Test
  @Order(2)
  void https_withoutTheCertificate_handshakeRefused() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/healthz")).build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  @Order(3)
  void sigterm_exit0WithinShutdownTimeoutAndNothingAlarming() {
    String beforeStop = server.stderr();

    long start = System.nanoTime();
    Optional<Integer> exit = server.terminate(SHUTDOWN_TIMEOUT.plus(EXIT_MARGIN));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(exit).as("exit status; stderr: %s", server.stderr()).hasValue(0);
    assertThat(took).isLessThan(SHUTDOWN_TIMEOUT.plus(EXIT_MARGIN));
    assertThat(server.stdout()).containsExactly("listening on " + server.url());
    String shutdownLog = server.stderr().substring(beforeStop.length());
    assertThat(shutdownLog).contains("stopping: letting in-flight requests finish", " stopped\n")
        .doesNotContain(" WARN ", " ERROR ", "Exception", "\tat ");
    assertThat(server.stderr()).doesNotContain(" ERROR ", "Exception");
  }

  /** cert.pem and tls-key.pem: EC P-256, valid for 127.0.0.1 and localhost, one day. */
  private static void selfSignedCertificate() throws IOException, InterruptedException {
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "tls-key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as("openssl: %s", output).isZero();
  }
}
