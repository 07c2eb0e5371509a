package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.CryptoProviders;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignCommandTest {
  @TempDir Path dir;
  private final Cli cli = new Cli();
  private final SigningKey key = TestKeys.ec();
  private Path keyFile;

  @BeforeEach
  void writeKey() {
    keyFile = KeyFixtures.privatePem(dir, "alice.pem", key);
    cli.privateKey(key.toPem());
  }

  @Test
  void sign_noAudience_compatibleProfileToken() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    String token = r.output();
    assertThat(KeyFixtures.header(token)).isEqualTo(Map.of("alg", "ES256", "typ", "JWT", "kid", key.kid()));
    Map<String, Object> payload = KeyFixtures.payload(token);
    assertThat(payload).containsOnlyKeys("username", "time", "nonce")
        .containsEntry("username", "alice")
        .containsEntry("time", (int) Cli.START.getEpochSecond());
    assertThat((String) payload.get("nonce")).hasSize(22);
  }

  @Test
  void sign_audienceAndLifetime_standardProfileToken() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice",
        "--audience", "https://api.example.com", "--lifetime", "45s", "--nonce", "n-1");

    assertThat(r.exitCode()).isZero();
    long iat = Cli.START.getEpochSecond();
    assertThat(KeyFixtures.payload(r.output())).isEqualTo(Map.of(
        "iss", "alice", "sub", "alice", "aud", "https://api.example.com",
        "iat", (int) iat, "exp", (int) (iat + 45), "jti", "n-1"));
  }

  @Test
  void sign_lifetimeInDays_readLikeTheServersSettings() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice",
        "--audience", "https://api.example.com", "--lifetime", "1d", "--nonce", "n-1");

    assertThat(r.exitCode()).isZero();
    assertThat(KeyFixtures.payload(r.output())).containsEntry("exp", (int) (Cli.START.getEpochSecond() + 86_400));
  }

  @Test
  void sign_bindWithBody_htmHtuQshBsh() throws IOException, NoSuchAlgorithmException {
    Path body = Files.writeString(dir.resolve("body.json"), "{\"amount\":5}");

    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice",
        "--bind", "post", "https://api.example.com/orders?b=2&a=1", "--body-file", body.toString());

    assertThat(r.exitCode()).isZero();
    Map<String, Object> payload = KeyFixtures.payload(r.output());
    String bsh = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest("{\"amount\":5}".getBytes(StandardCharsets.UTF_8)));
    assertThat(payload).containsEntry("htm", "POST")
        .containsEntry("htu", "https://api.example.com/orders")
        .containsEntry("bsh", bsh)
        .containsKey("qsh");
  }

  @Test
  void sign_kidAndAlgOverrides_inHeader() {
    Path rsa = KeyFixtures.privatePem(dir, "rsa.pem", TestKeys.rsa());
    cli.privateKey(TestKeys.rsa().toPem());

    Cli.Result r = cli.run("token", "sign", "--key", rsa.toString(), "--principal", "alice", "--alg", "ps384", "--kid", "rsa-1");

    assertThat(r.exitCode()).isZero();
    assertThat(KeyFixtures.header(r.output())).containsEntry("alg", "PS384").containsEntry("kid", "rsa-1");
  }

  @Test
  void sign_algNotFittingKey_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--alg", "RS256");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: algorithm RS256 does not fit the EC P-256 key (it fits [ES256])\n");
  }

  @Test
  void sign_publicKeyFile_exit2WithCoreMessage() {
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", key);

    Cli.Result r = cli.run("token", "sign", "--key", pub.toString(), "--principal", "alice");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + pub + ": this is a public key; signing needs the private key\n");
  }

  @Test
  void sign_lifetimeWithoutAudience_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--lifetime", "10s");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: --lifetime needs --audience (the compatible profile has no exp)\n");
  }

  @Test
  void sign_badLifetime_exit2() {
    assertThat(cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--audience", "a", "--lifetime", "soon").err())
        .isEqualTo("signet: Invalid value for option '--lifetime': not a duration: 'soon' (it must start with a whole number; like 500ms, 20s, 15m, 2h or 7d)"
            + " (see 'signet token sign --help')\n");
    assertThat(cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--audience", "a", "--lifetime", "0s").err())
        .isEqualTo("signet: lifetime must be positive: PT0S\n");
  }

  @Test
  void sign_bodyFileWithoutBind_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--body-file", "b");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: --body-file needs --bind METHOD URL\n");
  }

  @Test
  void sign_badBindUrl_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--bind", "GET", "/relative");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: --bind: uri must be absolute with a host: /relative\n");
  }

  @Test
  void sign_bindTwice_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice",
        "--bind", "GET", "https://a.example/", "--bind", "POST", "https://b.example/");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: --bind takes one METHOD URL pair\n");
  }

  @Test
  void sign_emptyPrincipal_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: principal must not be empty\n");
  }

  @Test
  void sign_encryptedKeyWithoutPassphrase_exit2() {
    Path encrypted = KeyFixtures.write(dir.resolve("enc.pem"), key.toPem("pw-123456".toCharArray()));

    Cli.Result r = cli.run("token", "sign", "--key", encrypted.toString(), "--principal", "alice");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + encrypted + ": the key is encrypted: a passphrase is needed\n");
  }

  @Test
  void sign_encryptedKeyWithPassphraseFileOrEnv_signs() {
    Path encrypted = KeyFixtures.write(dir.resolve("enc.pem"), key.toPem("pw-123456".toCharArray()));
    Path passFile = KeyFixtures.write(dir.resolve("pass"), "pw-123456\r\nignored second line\n");
    cli.env("PW", "pw-123456").secret("pw-123456");

    Cli.Result fromFile = cli.run("token", "sign", "--key", encrypted.toString(), "--principal", "alice", "--passphrase-file", passFile.toString());
    Cli.Result fromEnv = cli.run("token", "sign", "--key", encrypted.toString(), "--principal", "alice", "--passphrase-env", "PW");

    assertThat(fromFile.exitCode()).isZero();
    assertThat(fromEnv.exitCode()).isZero();
    assertThat(KeyFixtures.header(fromEnv.output())).containsEntry("kid", key.kid());
  }

  @Test
  void sign_wrongPassphrase_exit2() {
    Path encrypted = KeyFixtures.write(dir.resolve("enc.pem"), key.toPem("pw-123456".toCharArray()));
    cli.env("PW", "not-the-one").secret("not-the-one");

    Cli.Result r = cli.run("token", "sign", "--key", encrypted.toString(), "--principal", "alice", "--passphrase-env", "PW");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + encrypted + ": cannot decrypt the key: wrong passphrase or unsupported encryption\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "auto", "JDK"})
  void sign_cryptoProvider_signs(String provider) {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--crypto-provider", provider);

    assertThat(r.exitCode()).isZero();
    assertThat(r.output()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
  }

  @Test
  void sign_cryptoProviderAccp_signsWhereAccpLoads() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--crypto-provider", "accp");

    if (CryptoProviders.accpAvailable()) {
      assertThat(r.exitCode()).isZero();
      assertThat(r.output()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    } else {
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).startsWith("signet: Amazon Corretto Crypto Provider is not available here: ");
    }
  }

  @Test
  void sign_unknownCryptoProvider_exit2() {
    Cli.Result r = cli.run("token", "sign", "--key", keyFile.toString(), "--principal", "alice", "--crypto-provider", "bouncycastle");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: Invalid value for option '--crypto-provider': "
        + "crypto provider must be jdk, accp or auto, not 'bouncycastle' (see 'signet token sign --help')\n");
  }
}
