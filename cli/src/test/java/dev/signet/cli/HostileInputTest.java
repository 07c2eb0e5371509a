package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Whatever is thrown at it, the CLI answers with one line and exit 1 or 2: no stack trace, no echo of the input. */
class HostileInputTest {
  @TempDir Path dir;
  private final Cli cli = new Cli();
  private final SigningKey key = TestKeys.ec();
  private Path pub;

  @BeforeEach
  void writeKey() {
    pub = KeyFixtures.publicPem(dir, "alice.pub", key);
    cli.privateKey(key.toPem());
  }

  @Test
  void verify_oneMegabyteToken_tooLargeExit1() {
    String huge = "a".repeat(1 << 20);

    Cli.Result r = cli.run("token", "verify", huge, "--key", pub.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: TOO_LARGE: token is 1048576 characters; the limit is 8192\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void decode_oneMegabyteToken_refusedExit1() {
    Cli.Result r = cli.run("token", "decode", "a".repeat(1 << 20));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot decode: the token is 1048576 characters; at most 65536 are decoded\n");
  }

  @Test
  void verify_oversizedStdin_refusedWithoutReadingItAllExit1() {
    cli.stdin(new byte[(1 << 20) + 10]);

    Cli.Result r = cli.run("token", "verify", "-", "--key", pub.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: the token on stdin is larger than 1 MiB\n");
  }

  @Test
  void verifyAndDecode_binaryJunkToken_oneLineExit1WithoutEchoingIt() {
    byte[] junk = new byte[4096];
    new Random(42).nextBytes(junk);
    String token = new String(junk, StandardCharsets.ISO_8859_1).replace("\0", "").strip();

    Cli.Result verified = cli.run("token", "verify", token, "--key", pub.toString());
    Cli.Result decoded = cli.stdin(junk).run("token", "decode", "-");

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out()).startsWith("invalid: MALFORMED: not a compact JWS").hasLineCount(1);
    assertThat(decoded.exitCode()).isEqualTo(1);
    assertThat(decoded.err()).startsWith("signet: cannot decode: ").hasLineCount(1);
    assertThat(decoded.err()).matches("[\\x20-\\x7e…]+\\n");
  }

  @Test
  void verify_tokenWithControlCharactersInClaims_detailStaysOneLine() {
    String token = TokenSigner.of(key, cli.clock, null).requestToken("al\nice\u001b[31m").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", pub.toString(), "--principal", "bob");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: UNKNOWN_PRINCIPAL: principal 'al\\u000aice\\u001b[31m' is unknown or disabled\n");
  }

  @Test
  void verifyAndSign_directoryAsKey_exit2() {
    Cli.Result verified = cli.run("token", "verify", "a.b.c", "--key", dir.toString());
    Cli.Result signed = cli.run("token", "sign", "--key", dir.toString(), "--principal", "alice");

    assertThat(verified.exitCode()).isEqualTo(2);
    assertThat(verified.err()).isEqualTo("signet: key file " + dir + " is a directory\n");
    assertThat(signed.exitCode()).isEqualTo(2);
    assertThat(signed.err()).isEqualTo("signet: key file " + dir + " is a directory\n");
  }

  @Test
  void verifyAndSign_nonexistentKey_exit2() {
    Path missing = dir.resolve("missing.pem");

    Cli.Result verified = cli.run("token", "verify", "a.b.c", "--key", missing.toString());
    Cli.Result signed = cli.run("token", "sign", "--key", missing.toString(), "--principal", "alice");

    assertThat(verified.err()).isEqualTo("signet: key file " + missing + " does not exist\n");
    assertThat(verified.exitCode()).isEqualTo(2);
    assertThat(signed.err()).isEqualTo("signet: key file " + missing + " does not exist\n");
    assertThat(signed.exitCode()).isEqualTo(2);
  }

  @Test
  void verify_binaryKeyFile_notTextExit2() throws IOException {
    byte[] junk = new byte[2048];
    new Random(7).nextBytes(junk);
    Path file = Files.write(dir.resolve("junk.pem"), junk);

    Cli.Result r = cli.run("token", "verify", "a.b.c", "--key", file.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: key file " + file + " is not text\n");
  }

  @Test
  void sign_textThatIsNoKey_exit2WithCoreMessage() {
    Path file = KeyFixtures.write(dir.resolve("notes.txt"), "hello, I am not a key\n");

    Cli.Result r = cli.run("token", "sign", "--key", file.toString(), "--principal", "alice");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(
        "signet: " + file + ": not a private key: expected PEM (-----BEGIN … PRIVATE KEY-----) or a private JWK\n");
  }

  @Test
  void verify_hugeKeyFile_refusedExit2() throws IOException {
    Path file = Files.writeString(dir.resolve("huge.pem"), "x".repeat((1 << 20) + 1));

    Cli.Result r = cli.run("token", "verify", "a.b.c", "--key", file.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: key file " + file + " is larger than 1 MiB\n");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void verify_endlessKeyFile_boundedReadExit2() {
    Cli.Result r = cli.run("token", "verify", "a.b.c", "--key", "/dev/zero");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: key file /dev/zero is larger than 1 MiB\n");
  }

  @Test
  void verify_unreadableKeyFile_exit2() throws IOException {
    Path file = KeyFixtures.publicPem(dir, "locked.pub", key);
    Files.setPosixFilePermissions(file, java.util.Set.of());
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as a user who can read anything");

    Cli.Result r = cli.run("token", "verify", "a.b.c", "--key", file.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: cannot read key file " + file + ": permission denied\n");
  }
}
