package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.Decryption;
import dev.signet.DecryptionKey;
import dev.signet.JweDecrypter;
import dev.signet.JweEncrypter;
import dev.signet.KeyManagement;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet jwe encrypt|decrypt} and {@code signet curl --encrypt}, against files and a real server. */
class JweCommandTest {
  @TempDir static Path serverDir;
  static TestServer server;
  static final SigningKey alice = TestKeys.fresh(Algorithm.ES256);
  static final DecryptionKey ours = DecryptionKey.generate(KeyManagement.ECDH_ES);

  @TempDir Path dir;
  private final Cli cli = new Cli().systemClock();

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

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void encryptThenDecrypt_withKeyFiles_plaintextBack() throws IOException {
    Path jwk = write("ours.jwk", ours.encryptionKey().toJwk());
    Path pem = write("ours.pem", ours.toPem());

    Cli.Result encrypted = cli.stdin("{\"secret\":42}").run("jwe", "encrypt", "--to", jwk.toString(), "--zip");
    assertThat(encrypted.exitCode()).as(encrypted.err()).isZero();
    assertThat(encrypted.out().strip().split("\\.")).hasSize(5);

    Cli.Result decrypted = new Cli().stdin(encrypted.out()).run("jwe", "decrypt", "--key", pem.toString());
    assertThat(decrypted.exitCode()).as(decrypted.err()).isZero();
    assertThat(decrypted.out()).isEqualTo("{\"secret\":42}");
  }

  @Test
  void encrypt_toServerUrl_usesItsPublishedEncKey() {
    Cli.Result r = cli.stdin("hello").run("jwe", "encrypt", "--to", server.url());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode keys = TestServer.parse(get(server.url() + "/.well-known/jwks.json")).path("keys");
    JsonNode enc = keys.get(keys.size() - 1);
    assertThat(enc.path("use").textValue()).isEqualTo("enc");
    assertThat(kidOf(r.out())).isEqualTo(enc.path("kid").textValue());
  }

  @Test
  void decrypt_tamperedJwe_exit1WithTheReason() throws IOException {
    Path pem = write("ours.pem", ours.toPem());
    String jwe = JweEncrypter.builder(ours.encryptionKey()).build().encrypt(new byte[] {1, 2, 3});
    String tampered = jwe.substring(0, jwe.length() - 2) + (jwe.endsWith("AA") ? "AQ" : "AA");

    Cli.Result r = cli.run("jwe", "decrypt", "--key", pem.toString(), tampered);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: cannot decrypt: ");
  }

  @Test
  void encrypt_signWithoutPrincipal_usageError() throws IOException {
    Path jwk = write("ours.jwk", ours.encryptionKey().toJwk());

    Cli.Result r = cli.stdin("{}").run("jwe", "encrypt", "--to", jwk.toString(), "--sign-with", "x.pem");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--sign-with needs --principal NAME");
  }

  @Test
  void encrypt_signWith_nestedJwtTheServerAcceptsFromTheCaller() throws IOException {
    Path aliceKey = KeyFixtures.privatePem(dir, "alice.pem", alice);
    Cli.Result nested = cli.stdin("{\"order\":7}").run("jwe", "encrypt", "--to", server.url(), "--sign-with", aliceKey.toString(),
        "--principal", "alice");
    assertThat(nested.exitCode()).as(nested.err()).isZero();
    Path body = write("body.jwe", nested.out().strip());

    Cli.Result r = new Cli().systemClock().run("curl", server.url() + "/whoami", "--key", aliceKey.toString(), "--principal", "alice",
        "--data-binary", "@" + body, "-H", "Content-Type: application/jose");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode answer = TestServer.parse(r.out());
    assertThat(answer.path("payload").path("order").intValue()).as(r.out()).isEqualTo(7);
    assertThat(answer.path("payload").path("sub").textValue()).isEqualTo("alice");
  }

  @Test
  void curl_encrypt_serverDecryptsAndEchoes() {
    Path aliceKey = KeyFixtures.privatePem(dir, "alice.pem", alice);

    Cli.Result r = cli.run("curl", server.url() + "/whoami", "--key", aliceKey.toString(), "--principal", "alice",
        "-d", "{\"card\":\"4111\"}", "--encrypt");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(TestServer.parse(r.out()).path("payload").path("card").textValue()).as(r.out()).isEqualTo("4111");
  }

  @Test
  void curl_encryptWithoutBody_usageError() {
    Path aliceKey = KeyFixtures.privatePem(dir, "alice.pem", alice);

    Cli.Result r = cli.run("curl", server.url() + "/whoami", "--key", aliceKey.toString(), "--principal", "alice", "--encrypt");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--encrypt needs a body");
  }

  @Test
  void decryptedByCore_whatTheCliEncrypted() throws IOException {
    Path jwk = write("ours.jwk", ours.encryptionKey().toJwk());

    Cli.Result r = cli.stdin("x").run("jwe", "encrypt", "--to", jwk.toString());

    assertThat(JweDecrypter.builder(ours).build().decrypt(r.out().strip())).isInstanceOf(Decryption.Decrypted.class);
  }

  private static String get(String url) {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String header(String jwe) {
    return jwe.substring(0, jwe.indexOf('.'));
  }

  private static String kidOf(String jwe) {
    String json = new String(java.util.Base64.getUrlDecoder().decode(header(jwe)), java.nio.charset.StandardCharsets.UTF_8);
    return TestServer.parse(json).path("kid").textValue();
  }
}
