package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.testing.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyExplainTest {
  @TempDir Path dir;
  private final Cli cli = new Cli();
  private final SigningKey alice = TestKeys.ec();

  @Test
  void explain_validToken_everyCheckOkInAlignedColumnsThenVerdict() {
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", alice);
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").sign();
    cli.clock.advance(Duration.ofSeconds(5));

    Cli.Result r = cli.run("token", "verify", token, "--key", pub.toString(), "--explain");

    assertThat(r.exitCode()).isZero();
    String kid = alice.kid();
    assertThat(r.out().lines().toList()).containsExactly(
        "ok    size            " + token.length() + " characters (limit 8192)",
        "ok    header          alg ES256, kid '" + kid + "'",
        "ok    crit            no critical header parameters",
        "ok    typ             \"JWT\"",
        "ok    principal       'alice' (compatible profile)",
        "ok    principal keys  1 usable key(s)",
        "ok    key             kid '" + kid + "' of principal 'alice' (EC P-256)",
        "ok    signature       ES256 signature verifies with key '" + kid + "'",
        "ok    time            time 2026-03-01T10:00:00Z within 20s of now 2026-03-01T10:00:05Z",
        "skip  replay          not checked offline: only the server remembers the nonces it has seen",
        "valid: compatible request token of 'alice', key '" + kid + "', ES256, acceptable until 2026-03-01T10:00:20Z (in 15s)");
  }

  @Test
  void explain_expiredToken_failingRowNamesTheTimeCheckAndTheReasonExit1() { // gh-19: the row said EXPIRED where the check's name goes
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", alice);
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").sign();
    cli.clock.advance(Duration.ofSeconds(90));

    Cli.Result r = cli.run("token", "verify", token, "--key", pub.toString(), "--explain");

    assertThat(r.exitCode()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    String detail = "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:01:30Z, skew PT20S)";
    assertThat(lines).hasSize(10);
    assertThat(lines.subList(0, 8)).allMatch(line -> line.startsWith("ok    "));
    assertThat(lines.get(7)).startsWith("ok    signature       ");
    assertThat(lines.get(8)).isEqualTo("FAIL  time            EXPIRED: " + detail);
    assertThat(lines.get(9)).isEqualTo("invalid: EXPIRED: " + detail);
  }

  @Test
  void explain_malformedToken_singleFailingCheck() {
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", alice);

    Cli.Result r = cli.run("token", "verify", "abc.def", "--key", pub.toString(), "--explain");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("""
        ok    size    7 characters (limit 8192)
        FAIL  format  MALFORMED: not a compact JWS: expected 3 dot-separated parts, found 2
        invalid: MALFORMED: not a compact JWS: expected 3 dot-separated parts, found 2
        """);
  }

  @Test
  void explain_json_checksListed() {
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", alice);

    Cli.Result r = cli.run("token", "verify", "abc.def", "--key", pub.toString(), "--explain", "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("""
        {
          "valid": false,
          "reason": "MALFORMED",
          "detail": "not a compact JWS: expected 3 dot-separated parts, found 2",
          "checks": [
            {
              "check": "size",
              "passed": true,
              "detail": "7 characters (limit 8192)"
            },
            {
              "check": "format",
              "passed": false,
              "reason": "MALFORMED",
              "detail": "not a compact JWS: expected 3 dot-separated parts, found 2"
            }
          ]
        }
        """);
  }

  @Test
  void explain_json_replayShownAsNotChecked() {
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", alice);
    String token = TokenSigner.of(alice, cli.clock, null).requestToken("alice").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", pub.toString(), "--explain", "--json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("    {\n      \"check\": \"replay\",\n      \"passed\": null,\n"
        + "      \"detail\": \"not checked offline: only the server remembers the nonces it has seen\"\n    }");
  }

  @Test
  void explain_principalWithTerminalEscapes_escapedInEveryRow() { // gh-12: kid and principal reached the terminal raw
    Path pub = KeyFixtures.publicPem(dir, "alice.pub", alice);
    String evil = "alice\u001b]0;pwned\u0007\u202e";
    String token = TokenSigner.of(alice, cli.clock, null).requestToken(evil).sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", pub.toString(), "--principal", evil, "--explain");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
        .contains("ok    principal       'alice\\u001b]0;pwned\\u0007\\u202e' (compatible profile)")
        .contains("valid: compatible request token of 'alice\\u001b]0;pwned\\u0007\\u202e'");
  }
}
