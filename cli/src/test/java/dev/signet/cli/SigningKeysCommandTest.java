package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code signet admin signing-keys list|rotate|retire} end to end against a server in this JVM. */
class SigningKeysCommandTest extends AdminCommandTestBase {

  JsonNode keys() {
    JsonNode keys = server.admin("GET", "/admin/signing-keys", null);
    assertThat(keys).isNotNull();
    return keys;
  }

  String activeKid() {
    for (JsonNode k : keys()) {
      if (k.path("status").asText().equals("active")) {
        return k.path("kid").asText();
      }
    }
    throw new AssertionError("no active key in " + keys());
  }

  @Test
  void list_tableOfKeysWithTheirStatus() {
    String active = activeKid();

    Cli.Result list = admin("signing-keys", "list");

    assertThat(list.exitCode()).as(list.err()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines.getFirst()).matches("KID +ALG +STATUS +ACTIVE_FROM +RETIRES +UNPUBLISHED");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(active + "  ").contains(" active ").endsWith("-"));
    assertThat(lines).hasSize(1 + keys().size());
  }

  @Test
  void rotateThenRetire_newKeyWaitsThenTakesOverWhenTheActiveOneIsRetired() {
    String old = activeKid();

    Cli.Result rotated = admin("signing-keys", "rotate", "--alg", "eddsa", "--json");
    Cli.Result again = admin("signing-keys", "rotate");

    assertThat(rotated.exitCode()).as(rotated.err()).isZero();
    JsonNode key = TestServer.parse(rotated.out());
    String kid = key.path("kid").asText();
    assertThat(key.path("status").asText()).isEqualTo("pending");
    assertThat(key.path("alg").asText()).isEqualTo("EdDSA");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("signet: POST /admin/signing-keys: the server answered 409 conflict: key " + kid
        + " is already waiting to take over at ");

    Cli.Result retired = admin("signing-keys", "retire", old);

    assertThat(retired.exitCode()).as(retired.err()).isZero();
    assertThat(retired.out()).contains("kid           " + old, "status        retired");
    assertThat(activeKid()).isEqualTo(kid);
  }

  @Test
  void retire_compromised_outOfTheJwksAtOnce() {
    String old = activeKid();

    Cli.Result retired = admin("signing-keys", "retire", old, "--compromised");

    assertThat(retired.exitCode()).as(retired.err()).isZero();
    assertThat(retired.out()).contains("status        unpublished");
    assertThat(keys().findValuesAsText("kid")).contains(old);
    assertThat(activeKid()).isNotEqualTo(old);
  }

  @Test
  void retire_unknownKid_failsWithTheServersMessage() {
    Cli.Result retired = admin("signing-keys", "retire", "nope");

    assertThat(retired.exitCode()).isEqualTo(1);
    assertThat(retired.err()).isEqualTo(
        "signet: POST /admin/signing-keys/nope/retire: the server answered 404 not_found: no published sig key with kid 'nope'\n");
  }

  @Test
  void rotate_unknownAlgorithm_usageError() {
    Cli.Result rotated = admin("signing-keys", "rotate", "--alg", "HS256");

    assertThat(rotated.exitCode()).isEqualTo(2);
    assertThat(rotated.err()).contains("HS256");
  }
}
