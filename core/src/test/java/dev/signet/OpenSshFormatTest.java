package dev.signet;

import static dev.signet.KeyFixtures.assertSamePublicKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenSshFormatTest {

  static Stream<Arguments> keysAndTypes() {
    return Stream.of(
        Arguments.of(Named.of("RSA 2048", KeyFixtures.rsa2048()), "ssh-rsa"),
        Arguments.of(Named.of("RSA 4096", KeyFixtures.rsa4096()), "ssh-rsa"),
        Arguments.of(Named.of("EC P-256", KeyFixtures.p256()), "ecdsa-sha2-nistp256"),
        Arguments.of(Named.of("EC P-384", KeyFixtures.p384()), "ecdsa-sha2-nistp384"),
        Arguments.of(Named.of("EC P-521", KeyFixtures.p521()), "ecdsa-sha2-nistp521"),
        Arguments.of(Named.of("Ed25519", KeyFixtures.ed25519()), "ssh-ed25519"));
  }

  @ParameterizedTest
  @MethodSource("keysAndTypes")
  void toOpenSsh_labelledKey_writesTypedLineThatReadsBackWithLabelAsComment(SigningKey key, String type) {
    VerificationKey labelled = key.publicKey().withLabel("alice@laptop");

    String line = labelled.toOpenSsh();

    assertThat(line).startsWith(type + " AAAA").endsWith(" alice@laptop").doesNotContain("\n");
    VerificationKey read = VerificationKey.parse(line);
    assertThat(read.label()).contains("alice@laptop");
    assertThat(read).isEqualTo(labelled);
    assertSamePublicKey(read, key.publicKey());
  }

  @Test
  void toOpenSsh_unlabelledKey_writesTypeAndKeyOnly() {
    String line = KeyFixtures.ed25519().publicKey().toOpenSsh();

    assertThat(line.split(" ")).hasSize(2);
    assertThat(VerificationKey.parse(line).label()).isEmpty();
  }

  @Test
  void parse_commentWithSpaces_keepsTheWholeCommentAsLabel() {
    String line = KeyFixtures.p256().publicKey().toOpenSsh() + "  Alice's laptop (2026)  ";

    assertThat(VerificationKey.parse(line).label()).contains("Alice's laptop (2026)");
  }

  @Test
  void parse_authorizedKeysLineWithOptions_ignoresTheOptions() {
    String line = "from=\"10.0.0.0/8\",command=\"echo hello world\",no-pty "
        + KeyFixtures.ed25519().publicKey().toOpenSsh() + " alice@laptop";

    VerificationKey read = VerificationKey.parse(line);

    assertThat(read.label()).contains("alice@laptop");
    assertSamePublicKey(read, KeyFixtures.ed25519().publicKey());
  }

  @Test
  void parse_lineWithTrailingNewline_readsTheKey() {
    String line = KeyFixtures.rsa2048().publicKey().toOpenSsh() + "\n";

    assertSamePublicKey(VerificationKey.parse(line), KeyFixtures.rsa2048().publicKey());
  }

  @Test
  void parse_typeThatDoesNotMatchTheBlob_refusedNamingBoth() {
    String ed25519Blob = KeyFixtures.ed25519().publicKey().toOpenSsh().split(" ")[1];

    assertThatThrownBy(() -> VerificationKey.parse("ssh-rsa " + ed25519Blob))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("OpenSSH key says 'ssh-rsa' but the key inside is ssh-ed25519");
  }

  @Test
  void parse_curveThatDoesNotMatchTheType_refusedNamingBoth() {
    String p384Blob = KeyFixtures.p384().publicKey().toOpenSsh().split(" ")[1];

    assertThatThrownBy(() -> VerificationKey.parse("ecdsa-sha2-nistp256 " + p384Blob))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("OpenSSH key says 'ecdsa-sha2-nistp256' but the key inside is ecdsa-sha2-nistp384");
  }

  @Test
  void parse_dsaLine_refusedAsNoKey() {
    assertThatThrownBy(() -> VerificationKey.parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP8= old@box"))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("not a key: expected PEM (-----BEGIN …), a JWK or JWKS (JSON), or an OpenSSH public key line");
  }

  @Test
  void signingKeyParse_openSshPublicLine_refusedAsNotPrivate() {
    String line = KeyFixtures.ed25519().publicKey().toOpenSsh();

    assertThatThrownBy(() -> SigningKey.parse(line))
        .isExactlyInstanceOf(UnusableKeyException.class)
        .hasMessage("not a private key: expected PEM (-----BEGIN … PRIVATE KEY-----) or a private JWK");
  }
}
