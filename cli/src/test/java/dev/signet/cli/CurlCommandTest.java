package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurlCommandTest {
  @TempDir static Path serverDir;
  static TestServer server;
  static final SigningKey alice = TestKeys.fresh(Algorithm.ES256);

  @TempDir Path dir;
  private final Cli cli = new Cli().systemClock();
  private Path key;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(serverDir);
    server.createPrincipal("alice");
    server.addKey("alice", alice);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void writeKey() {
    key = KeyFixtures.privatePem(dir, "alice.pem", alice);
    cli.privateKey(alice.toPem());
  }

  private Cli.Result curl(String url, String... more) {
    String[] args = {"curl", url, "--key", key.toString(), "--principal", "alice"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.run(all);
  }

  @Test
  void curl_whoami_bodyOnStdoutExit0() {
    Cli.Result r = curl(server.url() + "/whoami");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(TestServer.parse(r.out())).isEqualTo(TestServer.parse(
        "{\"principal\":\"alice\",\"kid\":\"" + alice.kid() + "\",\"method\":\"request-token\",\"scope\":\"\"}"));
  }

  @Test
  void curl_jsonBodyQueryAndBind_serverChecksBindingAndEchoesPayload() {
    Cli.Result r = curl(server.url() + "/whoami?b=2&a=1", "-d", "{\"n\": 1}", "-H", "Content-Type: application/json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode answer = TestServer.parse(r.out());
    assertThat(answer.path("principal").textValue()).isEqualTo("alice");
    assertThat(answer.path("payload")).isEqualTo(TestServer.parse("{\"n\":1}"));
  }

  @Test
  void curl_standardProfile_audienceIsTheUrlsOriginAndServerAccepts() {
    Cli.Result r = curl(server.url() + "/whoami", "--standard");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(TestServer.parse(r.out()).path("principal").textValue()).isEqualTo("alice");
  }

  @Test
  void curl_wrongAudience_401BodyPrintedExit0AsCurlDoes() {
    Cli.Result r = curl(server.url() + "/whoami", "--audience", "https://elsewhere.example");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("{\"error\":\"invalid_token\"}");
  }

  @Test
  void curl_include_statusLineAndHeadersBeforeBody() {
    Cli.Result r = curl(server.url() + "/whoami", "-i");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("HTTP/1.1 200\n").contains("\ncontent-type: application/json\n", "\n\n{\"principal\":\"alice\"");
  }

  @Test
  void curl_fail_non2xxExit1WithServersErrorAndNoBody() {
    Cli.Result r = cli.run("curl", server.url() + "/whoami", "--key", key.toString(), "--principal", "mallory", "--fail");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: GET " + server.url() + "/whoami: the server answered 401 invalid_token\n");
  }

  @Test
  void curl_failSilent_exit1WithoutMessage() {
    Cli.Result r = cli.run("curl", server.url() + "/whoami", "--key", key.toString(), "--principal", "mallory", "-sf");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void curl_queryAndBody_tokenBoundByDefaultWithHtmHtuQshBsh() throws NoSuchAlgorithmException {
    try (StubServer stub = StubServer.answering(200, "text/plain", "ok")) {
      Cli.Result r = curl(stub.url() + "/orders?b=2&a=1", "--data-binary", "amount=5");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("ok");
      StubServer.Recorded request = stub.requests().getFirst();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("Authorization")).startsWith("JWT ");
      Map<String, Object> claims = KeyFixtures.payload(request.header("Authorization").substring(4));
      String bsh = Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest("amount=5".getBytes(StandardCharsets.UTF_8)));
      assertThat(claims).containsEntry("username", "alice").containsEntry("htm", "POST")
          .containsEntry("htu", stub.url() + "/orders").containsEntry("bsh", bsh).containsKey("qsh");
      assertThat(KeyFixtures.header(request.header("Authorization").substring(4))).containsEntry("kid", alice.kid());
    }
  }

  @Test
  void curl_bindGiven_stillAcceptedAndBound() { // --bind was needed before binding became the default
    try (StubServer stub = StubServer.answering(204, "text/plain", "")) {
      Cli.Result r = curl(stub.url() + "/x", "--bind");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(KeyFixtures.payload(stub.requests().getFirst().header("Authorization").substring(4)))
          .containsEntry("htm", "GET").containsEntry("htu", stub.url() + "/x");
    }
  }

  @Test
  void curl_noBind_tokenWithoutBindingClaims_freshTokenEachCall() {
    try (StubServer stub = StubServer.answering(204, "text/plain", "")) {
      assertThat(curl(stub.url() + "/x", "--no-bind").exitCode()).isZero();
      assertThat(curl(stub.url() + "/x", "--no-bind", "--standard", "--kid", "k-1").exitCode()).isZero();

      String first = stub.requests().get(0).header("Authorization").substring(4);
      String second = stub.requests().get(1).header("Authorization").substring(4);
      assertThat(KeyFixtures.payload(first)).containsOnlyKeys("username", "time", "nonce");
      assertThat(KeyFixtures.payload(second)).containsOnlyKeys("iss", "sub", "aud", "iat", "exp", "jti")
          .containsEntry("aud", stub.url());
      assertThat(KeyFixtures.header(second)).containsEntry("kid", "k-1");
      assertThat(first).isNotEqualTo(second);
    }
  }

  @Test
  void curl_repeatedData_joinedWithAmpersandAsFormPost() {
    try (StubServer stub = StubServer.answering(200, "text/plain", "")) {
      Cli.Result r = curl(stub.url() + "/form", "-d", "a=1", "-d", "b=2");

      assertThat(r.exitCode()).isZero();
      StubServer.Recorded request = stub.requests().getFirst();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
      assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("a=1&b=2");
    }
  }

  @Test
  void curl_dataFile_lineBreaksStrippedButDataBinaryKeepsThem() throws IOException {
    Path file = Files.writeString(dir.resolve("body.txt"), "line1\r\nline2\n");
    try (StubServer stub = StubServer.answering(200, "text/plain", "")) {
      curl(stub.url() + "/a", "-d", "@" + file, "-X", "put");
      curl(stub.url() + "/b", "--data-binary", "@" + file, "-H", "Content-Type: text/plain");

      assertThat(stub.requests().get(0).method()).isEqualTo("PUT");
      assertThat(new String(stub.requests().get(0).body(), StandardCharsets.UTF_8)).isEqualTo("line1line2");
      assertThat(new String(stub.requests().get(1).body(), StandardCharsets.UTF_8)).isEqualTo("line1\r\nline2\n");
      assertThat(stub.requests().get(1).header("Content-Type")).isEqualTo("text/plain");
    }
  }

  @Test
  void curl_dataFromStdin_sent() {
    cli.stdin("from stdin");
    try (StubServer stub = StubServer.answering(200, "text/plain", "")) {
      curl(stub.url() + "/a", "--data-binary", "@-");

      assertThat(new String(stub.requests().getFirst().body(), StandardCharsets.UTF_8)).isEqualTo("from stdin");
    }
  }

  @Test
  void curl_responseCharset_decodedAsDeclared() {
    try (StubServer stub = StubServer.answering(200, "text/plain; charset=ISO-8859-1", "caf\u00e9")) {
      // the stub encodes in UTF-8, so ISO-8859-1 decoding shows its two bytes: what was declared is what is used
      assertThat(curl(stub.url()).out()).isEqualTo("caf\u00c3\u00a9");
    }
  }

  @Test
  void curl_hugeDataFile_refusedExit2() throws IOException {
    Path huge = dir.resolve("huge.bin");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength((16L << 20) + 1);
    }

    Cli.Result r = curl(StubServer.unreachableUrl(), "--data-binary", "@" + huge);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: data file " + huge + " is larger than 16 MiB\n");
  }

  @Test
  void curl_dataPartsTogetherTooLarge_exit2() throws IOException {
    Path half = dir.resolve("half.bin");
    try (RandomAccessFile file = new RandomAccessFile(half.toFile(), "rw")) {
      file.setLength(9L << 20);
    }

    Cli.Result r = curl(StubServer.unreachableUrl(), "-d", "@" + half, "-d", "@" + half);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: the request body is larger than 16 MiB\n");
  }

  @Test
  void curl_badUrls_exit2NamingTheProblem() {
    assertThat(curl("example.com/whoami").err()).isEqualTo("signet: URL: 'example.com/whoami' is not an http:// or https:// URL\n");
    assertThat(curl("file:///etc/passwd").err()).isEqualTo("signet: URL: 'file:///etc/passwd' is not an http:// or https:// URL\n");
    assertThat(curl("http://").err()).startsWith("signet: URL: not a URL: Expected authority");
    assertThat(curl("http:///path").err()).isEqualTo("signet: URL: 'http:///path' has no host\n");
    assertThat(curl("http://user:secret@127.0.0.1/").err()).isEqualTo("signet: URL: a URL must not carry a user name or password\n");
    assertThat(curl("http://127.0.0.1/a b").err()).startsWith("signet: URL: not a URL: Illegal character in path at index 18");
    assertThat(curl("http://127.0.0.1/#frag").err()).isEqualTo("signet: URL: a URL sent to a server has no #fragment\n");
    assertThat(curl("http://127.0.0.1/" + "a".repeat(5000)).err()).hasSizeLessThan(1100);
  }

  @Test
  void curl_badHeaders_exit2WithoutEchoingValues() {
    String url = StubServer.unreachableUrl();
    assertThat(curl(url, "-H", "no colon").err()).isEqualTo("signet: -H: 'no colon' is not 'Name: value'\n");
    assertThat(curl(url, "-H", ": value").err()).isEqualTo("signet: -H: ': value' is not 'Name: value'\n");
    assertThat(curl(url, "-H", "Bad Name: v").err()).isEqualTo("signet: -H: 'Bad Name' is not a header name\n");
    assertThat(curl(url, "-H", "X-Evil: a\r\nInjected: yes").err())
        .isEqualTo("signet: -H X-Evil: the value holds control characters (line breaks cannot be sent in a header)\n");
    assertThat(curl(url, "-H", "X-Empty:").err()).isEqualTo("signet: -H X-Empty: the value is empty\n");
    assertThat(curl(url, "-H", "authorization: Bearer stolen").err())
        .isEqualTo("signet: -H Authorization: signet curl signs the request and sets it itself\n");
    Cli.Result host = curl(url, "-H", "Host: elsewhere");
    assertThat(host.exitCode()).isEqualTo(2);
    assertThat(host.err()).startsWith("signet: -H Host: this header cannot be set (");
    assertThat(curl(url, "-X", "GET /x HTTP/1.1").err()).isEqualTo("signet: -X: 'GET /x HTTP/1.1' is not an HTTP method\n");
    assertThat(curl(url, "-d", "a", "--data-binary", "b").err()).isEqualTo("signet: give -d or --data-binary, not both\n");
  }

  @Test
  void curl_missingKeyOrPrincipal_exit2() {
    assertThat(cli.run("curl", server.url(), "--principal", "alice").err()).isEqualTo("signet: missing required option '--key=FILE'\n");
    assertThat(cli.run("curl", server.url(), "--key", key.toString()).err())
        .isEqualTo("signet: missing required option '--principal=NAME' (or give --access-token)\n");
    assertThat(cli.run("curl", server.url(), "--key", dir.resolve("none.pem").toString(), "--principal", "alice").err())
        .isEqualTo("signet: key file " + dir.resolve("none.pem") + " does not exist\n");
  }

  @Test
  void curl_unreachable_exit1OneLine() {
    String url = StubServer.unreachableUrl();

    Cli.Result r = curl(url + "/whoami?secret=1");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot connect to " + url + ": connection refused\n");
  }

  @Test
  void curl_unknownHost_exit1() {
    Cli.Result r = curl("http://no-such-host.invalid/whoami");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: cannot connect to http://no-such-host.invalid: ");
  }

  @Test
  void curl_slowServer_timeoutExit1() {
    try (StubServer stub = StubServer.slow(Duration.ofSeconds(3))) {
      Cli.Result r = curl(stub.url() + "/slow", "--timeout", "300ms");

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("signet: no answer from " + stub.url() + " within 300ms (--timeout)\n");
    }
  }
}
