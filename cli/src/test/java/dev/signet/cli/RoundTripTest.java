package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keygen → token sign → token verify, entirely through the CLI, for each key type and both profiles. */
class RoundTripTest {
  private static final String AUD = "https://api.example.com";

  @TempDir Path dir;
  private final Cli cli = new Cli();

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
      "--type=rsa,      compatible, RS256",
      "--type=rsa,      standard,   RS256",
      "--alg=PS512,     standard,   PS512",
      "--type=ec,       compatible, ES256",
      "--type=ec,       standard,   ES256",
      "--curve=P-384,   standard,   ES384",
      "--curve=P-521,   compatible, ES512",
      "--type=ed25519,  compatible, EdDSA",
      "--type=ed25519,  standard,   EdDSA",
      "--alg=Ed25519,   standard,   Ed25519"})
  void keygenSignVerify_eachKeyTypeAndProfile_valid(String keygenOption, String profile, String alg) throws Exception {
    Path key = dir.resolve("key.json");
    Path pub = dir.resolve("key.pub");
    // JWK keeps a pinned alg; PEM would not
    assertThat(cli.run("keygen", keygenOption, "--format", "jwk", "--pub-format", "jwk", "--out", key.toString(), "--pub", pub.toString()).exitCode())
        .isZero();
    cli.privateKey(Files.readString(key));

    List<String> sign = new ArrayList<>(List.of("token", "sign", "--key", key.toString(), "--principal", "alice"));
    List<String> verify = new ArrayList<>(List.of("token", "verify", "-", "--key", pub.toString()));
    if (profile.equals("standard")) {
      sign.addAll(List.of("--audience", AUD));
      verify.addAll(List.of("--audience", AUD));
    }
    Cli.Result signed = cli.run(sign.toArray(String[]::new));
    assertThat(signed.exitCode()).isZero();
    Cli.Result verified = cli.stdin(signed.output()).run(verify.toArray(String[]::new));

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).startsWith("valid: " + profile + " request token of 'alice', key '")
        .contains("', " + alg + ", ");
  }

  @Test
  void keygenSignVerify_pemFilesAndBinding_valid() throws Exception {
    Path key = dir.resolve("rsa.pem");
    Path body = KeyFixtures.write(dir.resolve("body"), "payload");
    assertThat(cli.run("keygen", "--type", "rsa", "--format", "pkcs1", "--pub-format", "openssh", "--out", key.toString()).exitCode()).isZero();
    cli.privateKey(Files.readString(key));

    Cli.Result signed = cli.run("token", "sign", "--key", key.toString(), "--principal", "alice", "--audience", AUD,
        "--bind", "PUT", AUD + "/things/1?z=1&a=2", "--body-file", body.toString());
    Cli.Result verified = cli.run("token", "verify", signed.output(), "--key", key + ".pub", "--audience", AUD,
        "--method", "PUT", "--url", AUD + "/things/1?a=2&z=1", "--body-file", body.toString(), "--explain");

    assertThat(verified.exitCode()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("ok    htm ").contains("ok    htu ").contains("ok    qsh ").contains("ok    bsh ");
  }

  @Test
  void keygenSignVerify_passphraseProtectedKey_valid() throws Exception {
    Path key = dir.resolve("enc.pem");
    Path pass = KeyFixtures.write(dir.resolve("pass"), "open sesame\n");
    cli.env("PASS", "open sesame").secret("open sesame");
    assertThat(cli.run("keygen", "--type", "ed25519", "--out", key.toString(), "--passphrase-file", pass.toString()).exitCode()).isZero();
    cli.privateKey(Files.readString(key));

    Cli.Result signed = cli.run("token", "sign", "--key", key.toString(), "--principal", "alice", "--passphrase-env", "PASS");
    Cli.Result withoutPassphrase = cli.run("token", "verify", signed.output(), "--key", key.toString());
    Cli.Result withPassphrase = cli.run("token", "verify", signed.output(), "--key", key.toString(), "--passphrase-file", pass.toString());

    assertThat(signed.exitCode()).isZero();
    assertThat(withoutPassphrase.exitCode()).isEqualTo(2);
    assertThat(withoutPassphrase.err()).isEqualTo("signet: " + key + ": the key is encrypted: a passphrase is needed\n");
    assertThat(withPassphrase.exitCode()).isZero();
  }

  @Test
  void keygenSignVerify_accpProvider_valid() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.signet.CryptoProviders.accpAvailable(), "ACCP does not load here");
    Path key = dir.resolve("ec.pem");
    assertThat(cli.run("keygen", "--out", key.toString()).exitCode()).isZero();
    cli.privateKey(Files.readString(key));

    Cli.Result signed = cli.run("token", "sign", "--key", key.toString(), "--principal", "alice", "--crypto-provider", "accp");
    Cli.Result verified = cli.run("token", "verify", signed.output(), "--key", key + ".pub", "--crypto-provider", "accp");

    assertThat(verified.exitCode()).isZero();
  }
}
