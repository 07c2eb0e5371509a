package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cacert} and {@code --insecure} against the server serving https with a self-signed certificate. */
class HttpsTest {
  @TempDir static Path serverDir;
  static TestServer server;
  static Path certificate;
  static final SigningKey uma = TestKeys.fresh(Algorithm.ES256);

  @TempDir Path dir;
  private final Cli cli = new Cli().systemClock();

  @BeforeAll
  static void startServer() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
    certificate = KeyFixtures.write(serverDir.resolve("cert.pem"), pem(selfSigned(pair)));
    Path tlsKey = KeyFixtures.write(serverDir.resolve("tls-key.pem"), SigningKey.of(pair).toPem());
    server = TestServer.start(serverDir, Map.of("tls-cert", certificate.toString(), "tls-key", tlsKey.toString()));
    server.createPrincipal("uma");
    server.addKey("uma", uma);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private Cli.Result curl(String... more) {
    Path key = KeyFixtures.privatePem(dir, "uma.pem", uma);
    String[] args = {"curl", server.url() + "/whoami", "--key", key.toString(), "--principal", "uma", "--fail"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.privateKey(uma.toPem()).run(all);
  }

  @Test
  void curl_cacertOfSelfSignedServer_200() {
    Cli.Result r = curl("--cacert", certificate.toString());

    assertThat(server.url()).startsWith("https://127.0.0.1:");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(TestServer.parse(r.out()).path("principal").textValue()).isEqualTo("uma");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void curl_jdkTrustOnly_exit1SuggestingCacert() {
    Cli.Result r = curl();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: TLS with " + server.url() + " failed: ")
        .endsWith(" (for a self-signed or private CA certificate, pass it with --cacert FILE)\n");
  }

  @Test
  void curl_cacertOfAnotherCertificate_exit1() throws Exception {
    Path other = KeyFixtures.write(dir.resolve("other.pem"),
        pem(selfSigned(KeyPairGenerator.getInstance("EC").generateKeyPair())));

    Cli.Result r = curl("--cacert", other.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: TLS with " + server.url() + " failed: ").doesNotContain("pass it with --cacert");
  }

  @Test
  void curl_insecure_200WithWarning() {
    Cli.Result r = curl("--insecure");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEqualTo("signet: warning: --insecure: the server's TLS certificate and host name are not checked\n");
  }

  @Test
  void admin_cacert_works() {
    Cli.Result r = cli.privateKey(server.adminKey.toPem()).run("admin", "--server", server.url(), "--key",
        server.adminKeyFile.toString(), "--cacert", certificate.toString(), "principals", "get", "uma");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("name        uma\n");
  }

  @Test
  void curl_cacertNotACertificate_exit2() {
    Path notCert = KeyFixtures.write(dir.resolve("x.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Path empty = KeyFixtures.write(dir.resolve("empty.pem"), "");

    assertThat(curl("--cacert", notCert.toString()).err()).startsWith("signet: --cacert file " + notCert + " is not a PEM certificate: ");
    assertThat(curl("--cacert", empty.toString()).err()).isEqualTo("signet: --cacert file " + empty + " holds no certificate\n");
    assertThat(curl("--cacert", dir.resolve("none.pem").toString()).err())
        .isEqualTo("signet: --cacert file " + dir.resolve("none.pem") + " does not exist\n");
  }

  private static X509Certificate selfSigned(KeyPair pair) throws Exception {
    X500Name name = new X500Name("CN=127.0.0.1");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  private static String pem(X509Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
