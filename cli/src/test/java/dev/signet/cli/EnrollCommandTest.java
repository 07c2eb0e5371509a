package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollCommandTest {
  @TempDir static Path serverDir;
  static TestServer server;

  @TempDir Path dir;
  private final Cli cli = new Cli().systemClock().env("SIGNET_LAUNCHER", "./signet");

  @BeforeAll
  static void startServer() {
    server = TestServer.start(serverDir);
    server.createPrincipal("carol");
    server.createPrincipal("dave");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private Cli.Result enroll(String code, Path key, String... more) {
    cli.secret(code);
    String[] args = {"enroll", "--server", server.url(), "--code", code, "--key", key.toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.run(all);
  }

  @Test
  void enroll_missingKeyFile_generatesEcKeyMode0600AndEnrollsItsPublicHalf() throws IOException {
    Path key = dir.resolve("carol.pem");

    Cli.Result r = enroll(server.enrollmentCode("carol"), key);

    assertThat(r.exitCode()).as(r.err()).isZero();
    SigningKey generated = SigningKey.parse(Files.readString(key));
    assertThat(generated.publicKey().description()).isEqualTo("EC P-256");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(VerificationKey.parse(Files.readString(dir.resolve("carol.pem.pub"))).kid()).isEqualTo(generated.kid());
    assertThat(r.out()).isEqualTo("principal  carol\n"
        + "kid        " + generated.kid() + "\n"
        + "key        " + key + " (new EC P-256 key, mode 0600; public key in " + key + ".pub)\n"
        + "try        ./signet curl " + server.url() + "/whoami --key " + key + " --principal carol\n");
    assertThat(r.out() + r.err()).doesNotContain(Files.readString(key).lines().skip(1).findFirst().orElseThrow());
    assertThat(server.keys("carol")).extracting(k -> k.path("kid").textValue()).contains(generated.kid());
  }

  @Test
  void enroll_existingKey_enrollsThatKeyAndLeavesFileAlone() throws IOException {
    SigningKey existing = TestKeys.fresh(Algorithm.EdDSA);
    Path key = KeyFixtures.privatePem(dir, "dave.pem", existing);
    cli.privateKey(existing.toPem());

    Cli.Result r = enroll(server.enrollmentCode("dave"), key);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("kid        " + existing.kid() + "\n", "(existing Ed25519 key)");
    assertThat(Files.readString(key)).isEqualTo(existing.toPem());
    assertThat(dir.resolve("dave.pem.pub")).doesNotExist();
  }

  @Test
  void enroll_rsaTypeAndCodeFromStdin_generatesRsaKey() throws IOException {
    String code = server.enrollmentCode("carol");
    cli.stdin(code + "\n").secret(code);
    Path key = dir.resolve("rsa.pem");

    Cli.Result r = cli.run("enroll", "--server", server.url(), "--code", "-", "--key", key.toString(), "--type", "rsa", "--bits", "3072");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("(new RSA 3072 key, mode 0600;");
    assertThat(SigningKey.parse(Files.readString(key)).publicKey().description()).isEqualTo("RSA 3072");
  }

  @Test
  void enroll_passphrase_writesEncryptedKey() throws IOException {
    cli.env("CAROL_PASSPHRASE", "hunter2 hunter2").secret("hunter2 hunter2");
    Path key = dir.resolve("enc.pem");

    Cli.Result r = enroll(server.enrollmentCode("carol"), key, "--passphrase-env", "CAROL_PASSPHRASE");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(SigningKey.parse(Files.readString(key), "hunter2 hunter2".toCharArray()).kid())
        .isEqualTo(r.out().lines().filter(l -> l.startsWith("kid")).findFirst().orElseThrow().substring(11));
  }

  @Test
  void enroll_usedCode_refusedExit1AndNoKeyFileLeftBehind() { // gh-19: a failed enroll left x.pem in the repository
    String code = server.enrollmentCode("carol");
    assertThat(enroll(code, dir.resolve("first.pem")).exitCode()).isZero();
    Path second = dir.resolve("second.pem");

    Cli.Result r = enroll(code, second);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: the server refused the code: it is unknown, used, revoked or expired "
        + "(codes work once and expire; ask an admin for a new one)\n");
    assertThat(second).doesNotExist();
    assertThat(dir.resolve("second.pem.pub")).doesNotExist();
  }

  @Test
  void enroll_bareKeyName_keyGoesToTheKeysDirectoryMode0700() throws IOException { // gh-19
    Path config = dir.resolve("config");
    cli.env("XDG_CONFIG_HOME", config.toString());

    Cli.Result r = enroll(server.enrollmentCode("carol"), Path.of("carol.pem"));

    Path keys = config.resolve("signet/keys");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(keys.resolve("carol.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(keys.resolve("carol.pem.pub")).isRegularFile();
    assertThat(r.out()).contains("key        " + keys.resolve("carol.pem") + " (new EC P-256 key")
        .contains("try        ./signet curl " + server.url() + "/whoami --key carol.pem --principal carol\n");
  }

  @Test
  void enroll_printedTryLine_runsAsPrintedAndReachesWhoami() throws IOException { // gh-19
    cli.env("XDG_CONFIG_HOME", dir.resolve("config").toString()).env("CAROL_PASSPHRASE", "correct horse").secret("correct horse");

    Cli.Result r = enroll(server.enrollmentCode("carol"), Path.of("carol key.pem"), "--passphrase-env", "CAROL_PASSPHRASE");

    assertThat(r.exitCode()).as(r.err()).isZero();
    String tryLine = r.out().lines().filter(l -> l.startsWith("try ")).findFirst().orElseThrow().substring(3).strip();
    List<String> words = ShellLine.split(tryLine);
    assertThat(words.getFirst()).isEqualTo("./signet");
    assertThat(words).containsSubsequence("--key", "carol key.pem").containsSubsequence("--passphrase-env", "CAROL_PASSPHRASE");
    Cli.Result whoami = cli.run(words.subList(1, words.size()).toArray(String[]::new));
    assertThat(whoami.exitCode()).as(whoami.err()).isZero();
    assertThat(TestServer.parse(whoami.out()).path("principal").textValue()).isEqualTo("carol");
  }

  @Test
  void enroll_unknownCode_refusedExit1() {
    Cli.Result r = enroll("not-a-code-anyone-issued", dir.resolve("k.pem"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: the server refused the code: it is unknown, used, revoked or expired");
  }

  @Test
  void enroll_codeForAnotherPrincipal_exit1SayingWhoseKeyItBecame() {
    Cli.Result r = enroll(server.enrollmentCode("dave"), dir.resolve("k.pem"), "--principal", "carol");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("principal  dave\n");
    assertThat(r.err()).isEqualTo("signet: the code was for principal 'dave', not 'carol' (--principal); "
        + "the key is now enrolled for 'dave'\n");
  }

  @Test
  void enroll_unreachableServer_exit1OneLine() {
    String url = StubServer.unreachableUrl();

    Cli.Result r = cli.secret("some-code").run("enroll", "--server", url, "--code", "some-code", "--key", dir.resolve("k.pem").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot connect to " + url + ": connection refused\n");
  }

  @Test
  void enroll_serverAnswersHtml502_exit1WithStatus() {
    try (StubServer stub = StubServer.answering(502, "text/html", "<html>bad gateway</html>")) {
      Cli.Result r = cli.secret("some-code").run("enroll", "--server", stub.url(), "--code", "some-code", "--key", dir.resolve("k.pem").toString());

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).startsWith("signet: enrollment failed: the server answered 502 (24 bytes of text/html)");
      JsonNode sent = TestServer.parse(new String(stub.requests().getFirst().body(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(sent.path("code").textValue()).isEqualTo("some-code");
      assertThat(sent.path("public_key").textValue()).startsWith("-----BEGIN PUBLIC KEY-----");
    }
  }

  @Test
  void enroll_existingKeyOfAnotherType_exit2BeforeSending() {
    Path key = KeyFixtures.privatePem(dir, "ec.pem", TestKeys.ec());

    Cli.Result r = enroll("some-code", key, "--type", "rsa");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + key + " exists and holds an EC P-256 key, not the RSA 2048 key asked for; "
        + "choose another --key path\n");
  }

  @Test
  void enroll_publicFileWithoutPrivate_exit2AndNothingWritten() throws IOException {
    Path pub = Files.writeString(dir.resolve("k.pem.pub"), "old");

    Cli.Result r = enroll("some-code", dir.resolve("k.pem"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + pub + " exists but " + dir.resolve("k.pem") + " does not; "
        + "move it away or choose another --key path\n");
    assertThat(dir.resolve("k.pem")).doesNotExist();
  }

  @Test
  void enroll_badInputs_exit2() {
    String key = dir.resolve("k.pem").toString();

    assertThat(cli.run("enroll", "--server", "ftp://example.com", "--code", "c", "--key", key).err())
        .isEqualTo("signet: --server: 'ftp://example.com' is not an http:// or https:// URL\n");
    assertThat(cli.run("enroll", "--server", "http://[oops", "--code", "c", "--key", key).err())
        .startsWith("signet: --server: not a URL: ");
    assertThat(cli.run("enroll", "--server", server.url(), "--code", " ", "--key", key).err())
        .isEqualTo("signet: --code is empty\n");
    assertThat(cli.run("enroll", "--server", server.url(), "--code", "a\u001b[2Jb", "--key", key).err())
        .isEqualTo("signet: --code: that is not an enrollment code (too long, or control characters)\n");
    assertThat(cli.run("enroll", "--server", server.url(), "--code", "c", "--key", key, "--type", "ec", "--bits", "2048").err())
        .isEqualTo("signet: --bits is for RSA keys; this is an EC key\n");
    assertThat(cli.run("enroll", "--server", server.url(), "--code", "c").err())
        .isEqualTo("signet: Missing required option: '--key=FILE' (see 'signet enroll --help')\n");
    assertThat(Path.of(key)).doesNotExist();
  }
}
