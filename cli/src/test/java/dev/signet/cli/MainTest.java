package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  private final Cli cli = new Cli();

  @Test
  void version_printsSignetAndJavaVersions() {
    Cli.Result r = cli.run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("signet 0.1.0").contains("\nJava " + Runtime.version());
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "keygen", "token", "token sign", "token verify", "token decode", "enroll", "curl", "admin",
      "admin principals", "admin principals create", "admin keys", "admin keys add", "admin enrollments",
      "admin enrollments create", "admin audit"})
  void help_everyCommand_usageOnStdoutExit0(String command) {
    List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    Cli.Result r = cli.run(args.toArray(String[]::new));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: signet" + (command.isEmpty() ? "" : " " + command)).contains("--help");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void run_noCommand_oneLineListingCommandsExit2() {
    Cli.Result r = cli.run();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: missing command, one of: keygen, token, enroll, curl, jwe, admin (see 'signet --help')\n");
  }

  @Test
  void help_rootOptionBeforeACommand_showsTheWholeTree() { // the tree is built for the named command only otherwise
    Cli.Result r = cli.run("--help", "token");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: signet [-hV] [--verbose] COMMAND").contains("  keygen ").contains("  admin ");
  }

  @Test
  void token_noSubcommand_oneLineListingSubcommandsExit2() {
    Cli.Result r = cli.run("token");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: missing command, one of: sign, verify, decode, get (see 'signet token --help')\n");
  }

  @Test
  void run_unknownCommand_namesItExit2() {
    Cli.Result r = cli.run("frobnicate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown command 'frobnicate' (see 'signet --help')\n");
  }

  @Test
  void run_misspelledCommand_suggestsTheClosest() { // gh-19
    Cli.Result r = cli.run("kegen", "--out", "x.pem");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown command 'kegen'; did you mean 'keygen'? (see 'signet --help')\n");
  }

  @Test
  void run_misspelledSubcommand_suggestsTheClosest() {
    Cli.Result r = cli.run("token", "sgin", "--key", "k.pem");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown command 'sgin'; did you mean 'sign'? (see 'signet token --help')\n");
  }

  @Test
  void run_unknownOption_namesItAndTheCommandExit2() {
    Cli.Result r = cli.run("token", "sign", "--key", "k.pem", "--principal", "alice", "--frob");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown option '--frob' (see 'signet token sign --help')\n");
  }

  @Test
  void run_misspelledRequiredOption_namesTheTypoRatherThanTheMissingOption() { // gh-19
    Cli.Result r = cli.run("curl", "http://127.0.0.1:1/whoami", "--key", "k.pem", "--princpal", "admin");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown option '--princpal'; did you mean '--principal'? (see 'signet curl --help')\n");
  }

  @Test
  void run_misspelledOptionWithValueAttached_suggestsTheClosest() {
    Cli.Result r = cli.run("token", "sign", "--key", "k.pem", "--principal", "a", "--audeince=https://api");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown option '--audeince'; did you mean '--audience'? (see 'signet token sign --help')\n");
  }

  @Test
  void run_misspelledNegatedOption_suggestsIt() {
    Cli.Result r = cli.run("curl", "http://127.0.0.1:1/", "--key", "k.pem", "--principal", "a", "--nobind");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown option '--nobind'; did you mean '--no-bind'? (see 'signet curl --help')\n");
  }

  @Test
  void run_extraArgument_namesIt() {
    Cli.Result r = cli.run("token", "decode", "a.b.c", "d.e.f");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unexpected argument 'd.e.f' (see 'signet token decode --help')\n");
  }

  @Test
  void run_unknownOptionWithControlCharacters_echoedOnOneLine() {
    Cli.Result r = cli.run("keygen", "--\u001b[31mred");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown option '--?[31mred' (see 'signet keygen --help')\n");
  }

  @Test
  void run_missingRequiredOption_oneLineExit2() {
    Cli.Result r = cli.run("token", "sign", "--key", "k.pem");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: Missing required option: '--principal=NAME' (see 'signet token sign --help')\n");
  }

  @Test
  void run_badOptionValue_oneLineExit2() {
    Cli.Result r = cli.run("keygen", "--out", "x.pem", "--bits", "many");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: Invalid value for option '--bits': 'many' is not an int (see 'signet keygen --help')\n");
  }

  @Test
  void run_failureWithoutVerbose_noStackTrace() {
    Cli.Result r = cli.run("token", "decode", "not-a-token");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot decode: not a JWT: expected 3 dot-separated parts, found 1\n");
  }

  @Test
  void run_failureWithVerbose_stackTraceThenMessage() {
    Cli.Result r = cli.run("token", "decode", "not-a-token", "--verbose");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("\tat dev.signet.cli.").endsWith("signet: cannot decode: not a JWT: expected 3 dot-separated parts, found 1\n");
  }

  @Test
  void run_usageErrorWithVerbose_stackTraceThenMessage() {
    Cli.Result r = cli.run("--verbose", "keygen", "--out", "x.pem", "--bits", "many");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("\tat picocli.").endsWith("'many' is not an int (see 'signet keygen --help')\n");
  }
}
