package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code signet admin keys list|add|delete|disable|enable}. */
class KeysCommandTest extends AdminCommandTestBase {
  @Test
  void keysAdd_pemJwkAndOpenSsh_registeredAndListed() {
    server.createPrincipal("kim");
    SigningKey pem = TestKeys.fresh(Algorithm.ES256);
    SigningKey jwk = TestKeys.fresh(Algorithm.EdDSA);
    SigningKey ssh = TestKeys.fresh(Algorithm.EdDSA);
    Path pemFile = KeyFixtures.publicPem(dir, "pem.pub", pem);
    Path jwkFile = KeyFixtures.write(dir.resolve("key.jwk"), jwk.publicKey().toJwk());
    Path sshFile = KeyFixtures.write(dir.resolve("id.pub"), ssh.publicKey().toOpenSsh() + " kim@laptop\n");

    Cli.Result added = admin("keys", "add", "kim", "--public-key", pemFile.toString(), "--label", "ci runner");
    Cli.Result addedJwk = admin("keys", "add", "kim", "--public-key", jwkFile.toString(), "--kid", "kim-2", "--json");
    Cli.Result addedSsh = admin("keys", "add", "kim", "--public-key", sshFile.toString());
    Cli.Result list = admin("keys", "list", "kim");

    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).startsWith("principal   kim\n"
        + "kid         " + pem.kid() + "\n"
        + "kty         EC\n"
        + "alg         ES256\n"
        + "thumbprint  " + pem.kid() + "\n"
        + "label       ci runner\n");
    assertThat(TestServer.parse(addedJwk.out()).path("kid").textValue()).isEqualTo("kim-2");
    assertThat(TestServer.parse(addedJwk.out()).path("jwk").path("x").textValue()).isNotEmpty();
    assertThat(addedSsh.out()).contains("label       kim@laptop\n");
    List<String> lines = list.out().lines().toList();
    assertThat(lines.getFirst()).matches("KID +ALG +LABEL +STATUS +CREATED +LAST_USED");
    assertThat(lines).hasSize(4);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("kim-2 ").contains(" EdDSA ", " enabled "));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches(pem.kid() + "  ES256  ci runner +enabled +\\d{4}-\\S+Z +-"));
  }

  @Test
  void keysAdd_privateKeyFile_refusedExit2AndNothingSent() {
    server.createPrincipal("lee");
    SigningKey key = TestKeys.fresh(Algorithm.ES256);
    Path privateFile = KeyFixtures.privatePem(dir, "lee.pem", key);
    cli.privateKey(key.toPem());

    Cli.Result r = admin("keys", "add", "lee", "--public-key", privateFile.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + privateFile + ": this is a private key; give the public key "
        + "(the private half never leaves its owner)\n");
    assertThat(server.keys("lee")).isEmpty();
  }

  @Test
  void keysAdd_notAKey_exit2() {
    Path junk = KeyFixtures.write(dir.resolve("junk.pub"), "hello");

    Cli.Result r = admin("keys", "add", "lee", "--public-key", junk.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("signet: " + junk + ": not a key: expected PEM");
  }

  @Test
  void keysDisableEnableDelete_statusFollowsAndDeleteIsFinal() {
    server.createPrincipal("max");
    SigningKey key = TestKeys.fresh(Algorithm.ES256);
    server.addKey("max", key);

    Cli.Result disabled = admin("keys", "disable", "max", key.kid());
    String whileDisabled = admin("keys", "list", "max").out();
    Cli.Result enabled = admin("keys", "enable", "max", key.kid(), "--json");
    Cli.Result deleted = admin("keys", "delete", "max", key.kid());
    Cli.Result again = admin("keys", "delete", "max", key.kid());

    assertThat(disabled.out()).isEqualTo("disabled key '" + key.kid() + "' of principal 'max'\n");
    assertThat(whileDisabled).contains("  disabled  ");
    assertThat(TestServer.parse(enabled.out()).path("disabled").booleanValue()).isFalse();
    assertThat(deleted.out()).isEqualTo("deleted key '" + key.kid() + "' of principal 'max'\n");
    assertThat(server.keys("max")).isEmpty();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("signet: DELETE /admin/principals/max/keys/" + key.kid()
        + ": the server answered 404 not_found: principal 'max' has no key with kid '" + key.kid() + "'\n");
  }

  @Test
  void keysDelete_kidStartingWithADash_isTheKidNotAnOption() {
    server.createPrincipal("dash");
    SigningKey key = TestKeys.fresh(Algorithm.ES256);
    while (!key.kid().startsWith("-")) { // a thumbprint starts with '-' once in 64 keys
      key = TestKeys.fresh(Algorithm.ES256);
    }
    server.addKey("dash", key);

    Cli.Result disabled = admin("keys", "disable", "dash", key.kid());
    Cli.Result deleted = admin("keys", "delete", "dash", key.kid());

    assertThat(disabled.out()).isEqualTo("disabled key '" + key.kid() + "' of principal 'dash'\n");
    assertThat(deleted.out()).isEqualTo("deleted key '" + key.kid() + "' of principal 'dash'\n");
    assertThat(server.keys("dash")).isEmpty();
    assertThat(admin("keys", "delete", "dash", key.kid(), "--bogus").err()).isEqualTo(
        "signet: unknown option '--bogus' (see 'signet admin keys delete --help')\n");
  }

  @Test
  void keysList_hostileLabel_controlCharactersNotPrinted() {
    server.createPrincipal("ned");
    Path pub = KeyFixtures.publicPem(dir, "ned.pub", TestKeys.fresh(Algorithm.ES256));
    admin("keys", "add", "ned", "--public-key", pub.toString(), "--label", "evil\u001b[2J\rlabel");

    Cli.Result table = admin("keys", "list", "ned");
    Cli.Result json = admin("keys", "list", "ned", "--json");

    assertThat(table.out()).doesNotContain("\u001b").doesNotContain("\r");
    assertThat(json.out()).doesNotContain("\u001b");
    JsonNode keys = TestServer.parse(json.out());
    assertThat(keys).hasSize(1);
  }

  @Test
  void keysList_unknownPrincipal_exit1() {
    Cli.Result r = admin("keys", "list", "nobody");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: GET /admin/principals/nobody/keys: the server answered 404 not_found: no principal named 'nobody'\n");
  }

  @Test
  void keys_badArguments_exit2() {
    assertThat(admin("keys", "delete", "max").err()).isEqualTo(
        "signet: Missing required parameter: 'KID' (see 'signet admin keys delete --help')\n");
    assertThat(admin("keys", "delete", "max", "a//b").err()).isEqualTo(
        "signet: key id 'a//b' is empty or has an empty, '.' or '..' part\n");
    assertThat(admin("keys", "add", "max", "--public-key", dir.resolve("none").toString()).err()).isEqualTo(
        "signet: public key file " + dir.resolve("none") + " does not exist\n");
    assertThat(admin("keys", "add", "max").err()).isEqualTo(
        "signet: Missing required option: '--public-key=FILE' (see 'signet admin keys add --help')\n");
  }
}
