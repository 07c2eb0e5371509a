package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.testing.TestKeys;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DecodeCommandTest {
  private final Cli cli = new Cli();
  private final SigningKey key = TestKeys.ec();

  private String standardToken() {
    return TokenSigner.of(key, cli.clock, null).requestToken("alice").audience("https://api").nonce("j-1").sign();
  }

  @Test
  void decode_standardToken_prettyJsonAndRelativeTimesAndNotVerifiedOnStderr() {
    String token = standardToken();
    cli.clock.advance(Duration.ofSeconds(5));

    Cli.Result r = cli.run("token", "decode", token);

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEqualTo(DecodeCommand.NOT_VERIFIED + "\n");
    assertThat(r.out()).isEqualTo("""
        Header
        {
          "kid": "%s",
          "typ": "JWT",
          "alg": "ES256"
        }

        Payload
        {
          "iss": "alice",
          "sub": "alice",
          "aud": "https://api",
          "iat": 1772359200,
          "exp": 1772359230,
          "jti": "j-1"
        }

        Times
          iat   2026-03-01T10:00:00Z (5s ago)
          exp   2026-03-01T10:00:30Z (in 25s)

        Signature: 64 bytes, not checked
        """.formatted(key.kid()));
  }

  @Test
  void decode_compatibleTokenLater_timeShownAgo() {
    String token = TokenSigner.of(key, cli.clock, null).requestToken("alice").sign();
    cli.clock.advance(Duration.ofMinutes(3).plusSeconds(20));

    Cli.Result r = cli.run("token", "decode", token);

    assertThat(r.out()).contains("Times\n  time  2026-03-01T10:00:00Z (3m 20s ago)\n");
  }

  @Test
  void decode_expiredToken_stillDecodes() {
    String token = standardToken();
    cli.clock.advance(Duration.ofDays(2));

    Cli.Result r = cli.run("token", "decode", token);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("  exp   2026-03-01T10:00:30Z (1d 23h ago)\n");
  }

  @Test
  void decode_json_singleObject() {
    Cli.Result r = cli.run("token", "decode", standardToken(), "--json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEqualTo(DecodeCommand.NOT_VERIFIED + "\n");
    assertThat(Json.parseObject(r.out())).get().satisfies(both -> {
      assertThat(both).containsOnlyKeys("header", "payload");
      assertThat(both.get("payload")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("jti", "j-1");
    });
  }

  @Test
  void decode_fromStdin_decodes() {
    cli.stdin("  Bearer " + standardToken() + "\n");

    Cli.Result r = cli.run("token", "decode", "-");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("\"jti\": \"j-1\"");
  }

  @Test
  void decode_garbage_oneLineFailureExit1() {
    Cli.Result r = cli.run("token", "decode", "hello world");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: cannot decode: not a JWT: expected 3 dot-separated parts, found 1\n");
  }

  @Test
  void decode_partsNotBase64_oneLineFailureExit1() {
    Cli.Result r = cli.run("token", "decode", "a*b.c.d");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot decode: the header is not base64url\n");
  }

  @Test
  void decode_payloadNotJsonObject_oneLineFailureExit1() {
    String header = b64("{\"alg\":\"ES256\"}");

    assertThat(cli.run("token", "decode", header + "." + b64("[1,2]") + ".c2ln").err())
        .isEqualTo("signet: cannot decode: the payload is not a JSON object\n");
    assertThat(cli.run("token", "decode", header + "." + b64("{\"a\":1} trailing") + ".c2ln").err())
        .isEqualTo("signet: cannot decode: the payload is not a JSON object\n");
    assertThat(cli.run("token", "decode", header + "." + b64("[".repeat(5000)) + ".c2ln").err())
        .isEqualTo("signet: cannot decode: the payload is not a JSON object\n");
  }

  @Test
  void decode_encryptedToken_explainsJwe() {
    Cli.Result r = cli.run("token", "decode", "a.b.c.d.e");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot decode: this is an encrypted JWT (JWE, 5 parts); only its recipient can read it\n");
  }

  @Test
  void decode_outOfRangeTime_shownAsSuch() {
    String token = b64("{\"alg\":\"none\"}") + "." + b64("{\"exp\":1e300,\"iat\":-99999999999999999999}") + ".";

    Cli.Result r = cli.run("token", "decode", token);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("  iat   -99999999999999999999 (out of range)\n").contains("  exp   1.0E300 (out of range)\n")
        .contains("Signature: 0 bytes, not checked");
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void decode_claimsWithTerminalControls_printedEscaped() { // gh-12: decode output reached the terminal raw
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"k\u009b2J\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"username\":\"a\\u001b[31m\u007f\u202eb\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // ESC escaped, as JSON wants

    Cli.Result r = cli.run("token", "decode", header + "." + payload + ".c2ln", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u009b").doesNotContain("\u007f").doesNotContain("\u202e")
        .contains("\"kid\": \"k\\u009B2J\"").contains("\"username\": \"a\\u001B[31m\\u007F\\u202Eb\"");
  }
}
