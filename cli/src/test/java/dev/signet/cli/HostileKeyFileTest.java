package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key files built to make a parser work hard (gh-12): a megabyte of whitespace, armour lines with
 * no end, one endless line, deep JSON, an endless OpenSSH line. Every command that reads a key file
 * answers with one line and exit 2. The bound is not a speed test: a parse that is linear in the
 * input takes well under a second here, one that backtracks or rescans takes hours on a megabyte,
 * and the bound sits far from both.
 */
class HostileKeyFileTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final int MIB = 1 << 20;

  @TempDir Path dir;
  private final Cli cli = new Cli();

  static Stream<Arguments> hostileKeys() {
    return Stream.of(
        Arguments.of("whitespace", repeat(" \t\r\n", MIB - 1)),
        Arguments.of("begin without end", "-----BEGIN PRIVATE KEY-----\n" + repeat("A".repeat(64) + "\n", MIB - 100)),
        Arguments.of("begin lines", repeat("-----BEGIN PRIVATE KEY-----\n", MIB - 100)),
        Arguments.of("dashes", "-".repeat(MIB - 1)),
        Arguments.of("armour around whitespace", "-----BEGIN PRIVATE KEY-----" + " ".repeat(MIB - 100) + "-----END PRIVATE KEY-----"),
        Arguments.of("one endless line", "-----BEGIN PUBLIC KEY-----\n" + "A".repeat(MIB - 100) + "\n-----END PUBLIC KEY-----\n"),
        Arguments.of("end lines", repeat("-----END PRIVATE KEY-----\n", MIB - 100)),
        Arguments.of("deep json", "[".repeat(MIB - 1)),
        Arguments.of("json with a huge value", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + "A".repeat(MIB - 100) + "\"}"),
        Arguments.of("openssh with an endless key", "ssh-ed25519 " + "A".repeat(MIB - 100) + " comment"),
        Arguments.of("openssh with endless spaces", "ssh-ed25519" + " ".repeat(MIB - 100) + "!"),
        Arguments.of("openssh types repeated", repeat("ssh-ed25519 ", MIB - 100)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileKeys")
  void everyKeyFileInput_hostileText_oneLineExit2WithinTheBound(String name, String text) throws IOException {
    Path file = Files.writeString(dir.resolve("hostile.pem"), text);
    List<String[]> commands = List.of(
        new String[] {"token", "sign", "--key", file.toString(), "--principal", "alice"},
        new String[] {"token", "verify", "a.b.c", "--key", file.toString()},
        new String[] {"token", "verify", "a.b.c", "--jwks", file.toString()},
        new String[] {"curl", "http://127.0.0.1:1/", "--key", file.toString(), "--principal", "alice"},
        new String[] {"enroll", "--server", "http://127.0.0.1:1", "--code", "c", "--key", file.toString()},
        new String[] {"admin", "--server", "http://127.0.0.1:1", "--key", file.toString(), "principals", "list"},
        new String[] {"admin", "--server", "http://127.0.0.1:1", "--key", file.toString(), "keys", "add", "alice",
            "--public-key", file.toString()});

    List<Cli.Result> results = new ArrayList<>();
    assertTimeoutPreemptively(BOUND, () -> {
      for (String[] command : commands) {
        results.add(cli.run(command));
      }
    }, () -> name + ": a key file command did not answer within " + BOUND);

    for (int i = 0; i < results.size(); i++) {
      Cli.Result r = results.get(i);
      assertThat(r.exitCode()).as(String.join(" ", commands.get(i)) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).startsWith("signet: ").hasLineCount(1).hasSizeLessThan(1200);
    }
  }

  private static String repeat(String unit, int length) {
    return unit.repeat(length / unit.length());
  }
}
