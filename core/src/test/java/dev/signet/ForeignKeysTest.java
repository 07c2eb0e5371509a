package dev.signet;

import static dev.signet.KeyFixtures.assertSamePublicKey;
import static dev.signet.KeyFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys made by OpenSSL 3.0 and OpenSSH 9.2 (see src/test/resources/keys/README.md). Each public
 * half we compute must be, to the byte, what {@code openssl pkey -pubout} printed.
 */
class ForeignKeysTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rsa-2048-pkcs1.pem,                  rsa-2048.pub.pem, RSA 2048",
    "rsa-2048-pkcs8-encrypted.pem,        rsa-2048.pub.pem, RSA 2048",
    "rsa-2048-pkcs1-encrypted-legacy.pem, rsa-2048.pub.pem, RSA 2048",
    "ec-p256-sec1.pem,                    ec-p256.pub.pem,  EC P-256",
    "ec-p256-sec1-no-public.pem,          ec-p256.pub.pem,  EC P-256",
    "ec-p256-pkcs8-encrypted.pem,         ec-p256.pub.pem,  EC P-256",
    "ec-p384-sec1.pem,                    ec-p384.pub.pem,  EC P-384",
    "ec-p521-sec1.pem,                    ec-p521.pub.pem,  EC P-521",
    "ed25519-pkcs8.pem,                   ed25519.pub.pem,  Ed25519",
    "ed25519-pkcs8-encrypted.pem,         ed25519.pub.pem,  Ed25519",
    "seed-rsa-pkcs1.pem,                  seed-rsa.pub.pem, RSA 2048",
  })
  void parse_opensslPrivateKey_publicHalfIsWhatOpensslPrinted(String privateFile, String publicFile, String description) {
    SigningKey key = SigningKey.parse(fixture(privateFile), KeyFixtures.fixturePassphrase());

    assertThat(key.publicKey().description()).isEqualTo(description);
    assertThat(key.publicKey().toPem()).isEqualTo(fixture(publicFile));
    assertThat(KeyFixtures.signsAndVerifies(key.privateKey(), key.publicKey().key())).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rsa-2048.pub.pem",
    "rsa-2048-pkcs1-public.pem",
    "ec-p256.pub.pem",
    "ec-p384.pub.pem",
    "ec-p521.pub.pem",
    "ed25519.pub.pem",
  })
  void parse_opensslPublicKey_writesItBackAsOpensslDid(String publicFile) {
    VerificationKey key = VerificationKey.parse(fixture(publicFile));

    assertThat(key.toPem()).isEqualTo(fixture(publicFile.replace("-pkcs1-public.pem", ".pub.pem")));
  }

  @Test
  void parse_opensslSec1Fixture_startsWithTheEcParametersBlock() {
    assertThat(fixture("ec-p256-sec1.pem")).startsWith("-----BEGIN EC PARAMETERS-----\n");
    assertThat(fixture("rsa-2048-pkcs1-encrypted-legacy.pem")).contains("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ssh-ed25519.pub,      alice@example.com, Ed25519",
    "ssh-ecdsa-p256.pub,   bob@example.com,   EC P-256",
    "ssh-ecdsa-p384.pub,   carol@example.com, EC P-384",
    "ssh-ecdsa-p521.pub,   dave@example.com,  EC P-521",
    "ssh-rsa.pub,          erin@example.com,  RSA 3072",
  })
  void parse_sshKeygenPublicLine_readsKeyWithCommentAsLabel(String file, String comment, String description) {
    VerificationKey key = VerificationKey.parse(fixture(file));

    assertThat(key.label()).contains(comment);
    assertThat(key.description()).isEqualTo(description);
    assertThat(key.toPem()).isEqualTo(fixture(file + ".pem"));
    assertThat(key.toOpenSsh()).isEqualTo(fixture(file).strip());
  }

  @Test
  void parse_opensslPkcs1PublicKey_sameKeyAsItsSpki() {
    assertSamePublicKey(VerificationKey.parse(fixture("rsa-2048-pkcs1-public.pem")), VerificationKey.parse(fixture("rsa-2048.pub.pem")));
  }

  @Test
  void parse_opensslEncryptedPkcs8WithWrongPassphrase_refusedSayingSo() {
    assertThatThrownBy(() -> SigningKey.parse(fixture("ec-p256-pkcs8-encrypted.pem"), "Tr0ub4dor&3".toCharArray()))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("cannot decrypt the key: wrong passphrase or unsupported encryption");
  }

  @Test
  void parse_opensslEncryptedPkcs8WithoutPassphrase_refusedAskingForOne() {
    assertThatThrownBy(() -> SigningKey.parse(fixture("rsa-2048-pkcs8-encrypted.pem")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("the key is encrypted: a passphrase is needed");
  }

  @Test
  void parse_opensslLegacyEncryptedPemWithWrongPassphrase_refusedSayingSo() {
    assertThatThrownBy(() -> SigningKey.parse(fixture("rsa-2048-pkcs1-encrypted-legacy.pem"), "Tr0ub4dor&3".toCharArray()))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("cannot decrypt the key: wrong passphrase or unsupported encryption");
  }

  @Test
  void parse_opensslLegacyEncryptedPemWithoutPassphrase_refusedAskingForOne() {
    assertThatThrownBy(() -> SigningKey.parse(fixture("rsa-2048-pkcs1-encrypted-legacy.pem")))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("the key is encrypted: a passphrase is needed");
  }

  @Test
  void parse_seedRsaKey_signsWithPlainJcaWhatItsVerificationKeyVerifies() throws GeneralSecurityException {
    SigningKey key = SigningKey.parse(fixture("seed-rsa-pkcs1.pem"));
    VerificationKey verificationKey = VerificationKey.parse(fixture("seed-rsa.pub.pem"));
    byte[] message = "{\"username\":\"alice\",\"time\":1795910400}".getBytes(StandardCharsets.UTF_8);

    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key.privateKey());
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(verificationKey.key());
    verifier.update(message);

    assertThat(verifier.verify(signature)).isTrue();
    assertThat(key.kid()).isEqualTo(verificationKey.kid());
    assertThat(key.publicKey().description()).isEqualTo("RSA 2048");
  }
}
