package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code signet admin encryption-keys list|rotate|retire} end to end against a server in this JVM. */
class EncryptionKeysCommandTest extends AdminCommandTestBase {

  JsonNode keys() {
    JsonNode keys = server.admin("GET", "/admin/encryption-keys", null);
    assertThat(keys).isNotNull();
    return keys;
  }

  @Test
  void rotateListRetire_ecKeyPublishedBesideTheRsaOne() {
    String first = keys().get(0).path("kid").asText();
    assertThat(keys().get(0).path("alg").asText()).isEqualTo("RSA-OAEP-256");

    Cli.Result rotated = admin("encryption-keys", "rotate", "--alg", "ECDH-ES", "--json");
    assertThat(rotated.exitCode()).as(rotated.err()).isZero();
    JsonNode key = TestServer.parse(rotated.out());
    assertThat(key.path("use").asText()).isEqualTo("enc");
    assertThat(key.path("alg").asText()).isEqualTo("ECDH-ES");

    Cli.Result list = admin("encryption-keys", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains(first, key.path("kid").asText(), "ECDH-ES", "RSA-OAEP-256");

    Cli.Result retired = admin("encryption-keys", "retire", first, "--compromised");
    assertThat(retired.exitCode()).as(retired.err()).isZero();
    assertThat(retired.out()).contains("status        unpublished");
  }

  @Test
  void rotate_unknownAlg_usageErrorNamingTheChoices() {
    Cli.Result r = admin("encryption-keys", "rotate", "--alg", "RSA1_5");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--alg must be one of [RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A256KW]");
  }
}
