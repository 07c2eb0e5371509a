package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.it.ForeignScript.Case;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code signet} CLI against PyJWT: {@code signet token verify} accepts tokens PyJWT made,
 * and PyJWT accepts what {@code signet keygen} and {@code signet token sign} print, so the CLI's
 * output is what a Python client or server expects. Each CLI call is a JVM start, so this class
 * makes few of them.
 */
class CliInteropIT {
  private static final String AUDIENCE = "https://api.example.com";

  @TempDir Path dir;

  @Test
  void tokenVerify_pyjwtSeedKeyTokenGivenAsAuthorizationValue_valid() throws IOException {
    Path seedPublicKey = copyResource("interop/keys/seed-rsa.pub.pem");
    String token = ForeignScript.pyJwt().run(List.of(new Case("seed", "sign").with("alg", "RS256")
        .with("key_pem", Resources.text("interop/keys/seed-rsa-pkcs1.pem")).with("profile", "compatible").with("principal", "guido")))
        .token("seed");

    Subprocess.Completed verify = SignetCli.run(dir, "", "token", "verify", "JWT " + token, "--key", seedPublicKey.toString(), "--json");

    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    JsonNode result = ForeignScript.json(verify.stdout());
    assertThat(result.get("valid").asBoolean()).isTrue();
    assertThat(result.get("principal").asText()).isEqualTo("guido");
    assertThat(result.get("profile").asText()).isEqualTo("compatible");
    assertThat(result.get("alg").asText()).isEqualTo("RS256");
  }

  @Test
  void tokenVerify_pyjwtStandardTokenFromStdin_validForAudience() throws IOException {
    SigningKey key = TestKeys.of(Algorithm.ES384, "cli-interop");
    Path publicKey = Files.writeString(dir.resolve("es384.pub.pem"), key.publicKey().toPem());
    String token = ForeignScript.pyJwt().run(List.of(new Case("standard", "sign").with("alg", "ES384")
        .with("key_pem", key.toPem()).with("kid", key.kid()).with("profile", "standard")
        .with("principal", "alice").with("audience", AUDIENCE)))
        .token("standard");

    Subprocess.Completed verify = SignetCli.run(dir, token, "token", "verify", "-", "--key", publicKey.toString(), "--audience", AUDIENCE, "--json");

    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    JsonNode result = ForeignScript.json(verify.stdout());
    assertThat(result.get("principal").asText()).isEqualTo("alice");
    assertThat(result.get("profile").asText()).isEqualTo("standard");
    assertThat(result.get("kid").asText()).isEqualTo(key.kid());
    assertThat(result.get("token_id").asText()).isEqualTo(CompactJws.payload(token).get("jti").asText());
  }

  @Test
  void pyjwtDecode_tokenFromKeygenAndTokenSign_verifiedWithKeygensPublicPem() throws IOException {
    Path key = dir.resolve("ed25519.pem");
    Subprocess.Completed keygen = SignetCli.run(dir, "", "keygen", "--type", "ed25519", "--out", key.toString());
    assertThat(keygen.exitCode()).as(keygen.describe()).isZero();
    Subprocess.Completed sign = SignetCli.run(dir, "", "token", "sign", "--key", key.toString(), "--principal", "alice");
    assertThat(sign.exitCode()).as(sign.describe()).isZero();
    String token = sign.stdout().strip();

    JsonNode result = ForeignScript.pyJwt().run(List.of(new Case("cli", "verify").with("alg", "EdDSA").with("token", token)
        .with("key", Map.of("pem", Files.readString(dir.resolve("ed25519.pem.pub"))))
        .with("require", List.of("username", "time", "nonce"))))
        .get("cli");

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("claims").get("username").asText()).isEqualTo("alice");
  }

  @Test
  void pyjwtDecode_standardPs256TokenFromTokenSignWithPkcs1Key_verifiedWithAudienceAndIssuer() throws IOException {
    SigningKey key = TestKeys.of(Algorithm.RS256, "cli-interop");
    Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), key.toTraditionalPem());
    Subprocess.Completed sign = SignetCli.run(dir, "", "token", "sign", "--key", pkcs1.toString(), "--alg", "PS256",
        "--principal", "alice", "--audience", AUDIENCE);
    assertThat(sign.exitCode()).as(sign.describe()).isZero();

    JsonNode result = ForeignScript.pyJwt().run(List.of(new Case("cli", "verify").with("alg", "PS256").with("token", sign.stdout().strip())
        .with("key", Map.of("pem", key.publicKey().toPem())).with("audience", AUDIENCE).with("issuer", "alice")
        .with("require", List.of("iss", "sub", "aud", "iat", "exp", "jti"))))
        .get("cli");

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("header").get("alg").asText()).isEqualTo("PS256");
    assertThat(result.get("claims").get("sub").asText()).isEqualTo("alice");
  }

  private Path copyResource(String name) throws IOException {
    return Files.copy(Resources.path(name), dir.resolve(Path.of(name).getFileName()));
  }
}
