package dev.signet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet gateway --config FILE} as an operator runs it: a child process, its output and exit status. */
class GatewayCommandTest {
  @TempDir Path dir;

  private Process start(Path out, Path err, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "gateway"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SIGNET_"));
    return builder.start();
  }

  @Test
  void run_validConfig_printsListeningAndProxies() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = ("seen " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    Files.writeString(dir.resolve("gateway.yaml"), """
        listen: 127.0.0.1:0
        routes:
          - {path: /public, upstream: http://127.0.0.1:%d, auth: none}
        """.formatted(upstream.getAddress().getPort()));
    Path out = dir.resolve("out.txt");
    Process gateway = start(out, dir.resolve("err.txt"), "--config", "gateway.yaml");
    try {
      String line = awaitLine(out, gateway);

      assertThat(line).matches("listening on http://127\\.0\\.0\\.1:\\d+");
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(line.substring("listening on ".length()) + "/public/x"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("seen /public/x");
    } finally {
      gateway.destroy();
      gateway.waitFor(20, TimeUnit.SECONDS);
      upstream.stop(0);
    }
    assertThat(gateway.exitValue()).isZero();
  }

  @Test
  void run_badConfig_oneLineNamingTheFieldExit2() throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), "listen: 127.0.0.1:0\nroutes:\n  - {path: /a, upstream: nowhere, auth: none}\n");
    Path err = dir.resolve("err.txt");
    Process gateway = start(dir.resolve("out.txt"), err, "--config", "gateway.yaml");

    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gateway.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err)).contains("routes[0].upstream must be an absolute http(s) URL: 'nowhere'");
  }

  private static String awaitLine(Path out, Process process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        if (l.startsWith("listening on ")) {
          return l;
        }
      }
      assertThat(process.isAlive()).as("the gateway exited").isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("no 'listening on' line");
  }
}
