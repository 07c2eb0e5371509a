package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.VerificationKey;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyJwksTest {
  @TempDir Path dir;
  private final Cli cli = new Cli();
  private final SigningKey alice = TestKeys.ed25519();
  private final SigningKey issuer = TestKeys.ec();
  private final String jwks = VerificationKey.toJwks(List.of(TestKeys.rsa().publicKey(), alice.publicKey(), issuer.publicKey()));
  private final AtomicInteger fetches = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void serveJwks() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/.well-known/jwks.json", exchange -> {
      fetches.incrementAndGet();
      byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String jwksUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
  }

  @Test
  void verify_jwksFile_requestTokenValid() {
    Path file = KeyFixtures.write(dir.resolve("jwks.json"), jwks);
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").sign();

    Cli.Result r = cli.run("token", "verify", token, "--jwks", file.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("valid: compatible request token of 'alice', key '" + alice.kid() + "', EdDSA,");
  }

  @Test
  void verify_jwksUrl_requestTokenValid() {
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").audience("https://api").sign();

    Cli.Result r = cli.run("token", "verify", token, "--jwks", jwksUrl(), "--audience", "https://api");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("valid: standard request token of 'alice'");
    assertThat(fetches).hasValue(1);
  }

  @Test
  void verify_jwksUrl_accessTokenValid() {
    String token = TestTokens.signedBy(issuer).clock(cli.clock).accessToken("https://auth", "svc", "api", "read").sign();

    Cli.Result r = cli.run("token", "verify", token, "--jwks", jwksUrl(), "--access-token", "--issuer", "https://auth", "--audience", "api");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("valid: access token for 'svc' with scope 'read', key '" + issuer.kid() + "', ES256,");
  }

  @Test
  void verify_malformedTokenWithJwksUrl_rejectedWithoutFetching() {
    Cli.Result r = cli.run("token", "verify", "x.y.z", "--jwks", jwksUrl());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: MALFORMED: the header is not base64url: 1 characters cannot be a whole number of bytes\n");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void verify_jwksUrlUnreachable_oneLineFailureExit1() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/jwks.json";
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").sign();

    Cli.Result r = cli.run("token", "verify", token, "--jwks", url);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("signet: JWKS at " + url + " is unavailable: ").endsWith("\n");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void verify_jwksUrlUnreachableVerbose_stackTrace() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").sign();

    Cli.Result r = cli.run("token", "verify", token, "--jwks", "http://127.0.0.1:" + closedPort + "/jwks.json", "--verbose");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("dev.signet.KeySourceException").contains("\tat ");
  }

  @Test
  void verify_missingJwksFile_exit2() {
    Path missing = dir.resolve("nope.json");

    Cli.Result r = cli.run("token", "verify", "x.y.z", "--jwks", missing.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: JWKS file " + missing + " does not exist\n");
  }

  @Test
  void verify_plainHttpJwksToRemoteHost_refusedExit2() {
    Cli.Result r = cli.run("token", "verify", "x.y.z", "--jwks", "http://keys.example.com/jwks.json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: --jwks: JWKS URI must use https unless the host is loopback: http://keys.example.com/jwks.json\n");
  }
}
