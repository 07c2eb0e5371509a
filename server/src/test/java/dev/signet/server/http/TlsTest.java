package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.TestServer;
import dev.signet.server.config.ConfigException;
import dev.signet.server.testing.ApiClient;
import dev.signet.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https from {@code --tls-cert}/{@code --tls-key} PEM files (SPEC §4). */
class TlsTest {

  @Test
  void start_withCertAndKey_servesHttpsToAClientThatTrustsTheCertificate(@TempDir Path dir) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    SelfSignedCertificate.PemFiles files = certificate.written(dir, "server");
    HttpClient trusting = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();

    try (TestServer server = TestServer.builder()
        .setting("tls-cert", files.certificate().toString()).setting("tls-key", files.key().toString()).start()) {
      ApiClient admin = server.admin().withHttpClient(trusting);

      assertThat(server.baseUrl().toString()).isEqualTo("https://127.0.0.1:" + server.port());
      assertThat(server.issuer()).isEqualTo("https://127.0.0.1:" + server.port());
      assertThat(server.anonymous().withHttpClient(trusting).get("/healthz").body()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(admin.standard(server.issuer()).bound().get("/whoami?x=1").status()).isEqualTo(200);
      assertThat(admin.withBase(URI.create("https://localhost:" + server.port())).bindingTo(URI.create(server.issuer())).bound()
          .get("/whoami").status()).isEqualTo(200);
      // a client that does not trust the certificate cannot talk to it
      assertThatThrownBy(() -> server.anonymous().get("/healthz"))
          .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void start_keyOfAnotherCertificate_refusedNamingBothFiles(@TempDir Path dir) {
    SelfSignedCertificate.PemFiles one = SelfSignedCertificate.create().written(dir, "one");
    SelfSignedCertificate.PemFiles other = SelfSignedCertificate.create().written(dir, "other");

    assertThatThrownBy(() -> TestServer.builder()
        .setting("tls-cert", one.certificate().toString()).setting("tls-key", other.key().toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tls-key " + other.key() + " is not the key of the first certificate in --tls-cert " + one.certificate());
  }

  @Test
  void start_refusedForItsTlsFiles_bootstrapsNothing(@TempDir Path dir) throws IOException {
    SelfSignedCertificate.PemFiles one = SelfSignedCertificate.create().written(dir, "one");
    SelfSignedCertificate.PemFiles other = SelfSignedCertificate.create().written(dir, "other");
    Path someoneElse = Files.writeString(dir.resolve("someone-else.pub.pem"), dev.signet.SigningKey.generateEd25519().publicKey().toPem());

    assertThatThrownBy(() -> TestServer.builder().dir(dir).setting("admin-key", someoneElse.toString())
        .setting("tls-cert", one.certificate().toString()).setting("tls-key", other.key().toString()).start())
        .isInstanceOf(ConfigException.class);

    try (TestServer server = TestServer.builder().dir(dir).start()) { // with TestServer.ADMIN_KEY this time
      assertThat(server.admin().get("/admin/principals").status()).isEqualTo(200);
    }
  }

  @Test
  void start_unusableCertOrKeyFile_refusedNamingTheFiles(@TempDir Path dir) throws IOException {
    SelfSignedCertificate.PemFiles files = SelfSignedCertificate.create().written(dir, "server");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello");
    Path publicKey = Files.writeString(dir.resolve("public.pem"), dev.signet.SigningKey.generateEd25519().publicKey().toPem());

    assertThatThrownBy(() -> TestServer.builder()
        .setting("tls-cert", garbage.toString()).setting("tls-key", files.key().toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot use --tls-cert " + garbage + " / --tls-key " + files.key() + ": No certificate data found");
    assertThatThrownBy(() -> TestServer.builder()
        .setting("tls-cert", files.certificate().toString()).setting("tls-key", publicKey.toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot use --tls-cert " + files.certificate() + " / --tls-key " + publicKey
            + ": this is a public key; signing needs the private key");
    assertThatThrownBy(() -> TestServer.builder().setting("tls-cert", files.certificate().toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tls-cert and --tls-key go together: give both or neither");
  }
}
