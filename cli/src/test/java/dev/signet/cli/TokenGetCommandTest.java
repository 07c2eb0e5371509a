package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet token get} and {@code signet curl --access-token} against a real server: a Bearer
 * token and a DPoP-bound one on {@code /whoami}, scopes, and the server's refusals as one line.
 */
class TokenGetCommandTest {
  @TempDir static Path serverDir;
  static TestServer server;
  static final SigningKey ALICE = TestKeys.fresh(Algorithm.ES256);
  static final SigningKey CAROL = TestKeys.fresh(Algorithm.EdDSA);
  static final SigningKey DPOP = TestKeys.fresh(Algorithm.ES256);

  @TempDir Path dir;
  private final Cli cli = new Cli().systemClock();
  private Path aliceKey;
  private Path carolKey;
  private Path dpopKey;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(serverDir);
    server.createPrincipal("alice");
    server.addKey("alice", ALICE);
    server.admin("PATCH", "/admin/principals/alice", "{\"scopes\":[\"orders:read\",\"orders:write\"]}");
    server.createPrincipal("carol");
    server.addKey("carol", CAROL);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void writeKeys() {
    aliceKey = KeyFixtures.privatePem(dir, "alice.pem", ALICE);
    carolKey = KeyFixtures.privatePem(dir, "carol.pem", CAROL);
    dpopKey = KeyFixtures.privatePem(dir, "dpop.pem", DPOP);
    cli.privateKey(ALICE.toPem()).privateKey(CAROL.toPem()).privateKey(DPOP.toPem());
  }

  private Cli.Result get(Path key, String principal, String... more) {
    String[] args = {"token", "get", "--server", server.url(), "--key", key.toString(), "--principal", principal};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.run(all);
  }

  private static JsonNode claims(String token) {
    return TestServer.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void tokenGet_thenCurlAccessToken_whoamiAnswersAccessToken() {
    Cli.Result got = get(aliceKey, "alice", "--scope", "orders:read");

    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(got.err()).isEmpty();
    String token = got.output();
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(claims(token).path("scope").asText()).isEqualTo("orders:read");

    Cli.Result whoami = cli.run("curl", server.url() + "/whoami", "--access-token", token);

    assertThat(whoami.exitCode()).as(whoami.err()).isZero();
    JsonNode answer = TestServer.parse(whoami.out());
    assertThat(answer.path("principal").asText()).isEqualTo("alice");
    assertThat(answer.path("method").asText()).isEqualTo("access-token");
    assertThat(answer.path("scope").asText()).isEqualTo("orders:read");
  }

  @Test
  void tokenGet_dpop_boundTokenThatCurlSendsWithAProofPerRequest() throws Exception {
    Cli.Result got = get(carolKey, "carol", "--dpop-key", dpopKey.toString());
    assertThat(got.exitCode()).as(got.err()).isZero();
    String token = got.output();
    assertThat(claims(token).path("cnf").path("jkt").asText()).isEqualTo(DPOP.publicKey().thumbprint());
    Path file = dir.resolve("token.txt");
    Files.writeString(file, token + "\n");

    for (int i = 0; i < 2; i++) { // a fresh proof each time: the second request is no replay
      Cli.Result whoami = cli.run("curl", server.url() + "/whoami?x=" + i, "--access-token", "@" + file, "--dpop-key", dpopKey.toString(), "-f");
      assertThat(whoami.exitCode()).as(whoami.err()).isZero();
      assertThat(TestServer.parse(whoami.out()).path("principal").asText()).isEqualTo("carol");
    }
    Cli.Result asBearer = cli.run("curl", server.url() + "/whoami", "--access-token", token, "-f");
    assertThat(asBearer.exitCode()).isEqualTo(1);
    assertThat(asBearer.err()).contains("401 invalid_token");
  }

  @Test
  void tokenGet_dpopWithTheSigningKey_usesItAsTheProofKey() {
    Cli.Result got = get(aliceKey, "alice", "--dpop");

    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(claims(got.output()).path("cnf").path("jkt").asText()).isEqualTo(ALICE.publicKey().thumbprint());
    Cli.Result whoami = cli.run("curl", server.url() + "/whoami", "--access-token", got.output(), "--dpop", "--key", aliceKey.toString());
    assertThat(whoami.exitCode()).as(whoami.err()).isZero();
    assertThat(TestServer.parse(whoami.out()).path("method").asText()).isEqualTo("access-token");
  }

  @Test
  void tokenGet_dpopWithAnEd25519Key_usageError() {
    Cli.Result got = get(carolKey, "carol", "--dpop");

    assertThat(got.exitCode()).isEqualTo(2);
    assertThat(got.err()).contains("DPoP proofs need an EC or RSA key");
  }

  @Test
  void tokenGet_scopeBeyondThePrincipals_oneLineExit1() {
    Cli.Result got = get(aliceKey, "alice", "--scope", "admin");

    assertThat(got.exitCode()).isEqualTo(1);
    assertThat(got.out()).isEmpty();
    assertThat(got.err().strip()).isEqualTo("signet: POST " + server.url() + "/oauth/token: the server answered 400 invalid_scope: "
        + "the requested scope exceeds the client's scopes");
  }

  @Test
  void tokenGet_wrongKey_invalidClient() {
    Cli.Result got = get(dpopKey, "alice");

    assertThat(got.exitCode()).isEqualTo(1);
    assertThat(got.err()).contains("401 invalid_client");
  }

  @Test
  void curl_accessTokenWithPrincipal_usageError() {
    Cli.Result r = cli.run("curl", server.url() + "/whoami", "--access-token", "a.b.c", "--principal", "alice");

    assertThat(r.exitCode()).isEqualTo(2);
  }
}
