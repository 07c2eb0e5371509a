package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the signet command in-process, as picocli's testing guide does: {@code execute()} with
 * stdout and stderr captured. Every run also checks that no private key material and no
 * registered secret (passphrases, key bodies) reached either stream.
 */
final class Cli {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  final MutableClock clock = MutableClock.at(START);
  private Clock hostClock = clock;
  // bare --key names go to the keys directory: never the real one of whoever runs the tests
  private final Map<String, String> env = new HashMap<>(Map.of("XDG_CONFIG_HOME",
      Path.of(System.getProperty("java.io.tmpdir"), "signet-cli-tests-" + ProcessHandle.current().pid()).toString()));
  private final List<String> secrets = new ArrayList<>();
  private byte[] stdin = new byte[0];

  record Result(int exitCode, String out, String err) {
    /** stdout without the final line break. */
    String output() {
      return out.strip();
    }
  }

  /** Commands see the real time: for talking to a server, which checks tokens against its own clock. */
  Cli systemClock() {
    hostClock = Clock.systemUTC();
    return this;
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli stdin(String text) {
    return stdin(text.getBytes(StandardCharsets.UTF_8));
  }

  Cli stdin(byte[] bytes) {
    stdin = bytes.clone();
    return this;
  }

  /** Text that must never appear in any output, such as a passphrase or a line of a private key. */
  Cli secret(String text) {
    secrets.add(text);
    return this;
  }

  /** Registers every line of a private key's text (PEM or JWK) as a secret. */
  Cli privateKey(String text) {
    for (String line : text.split("[\\n,]")) {
      if (line.length() >= 16 && !line.startsWith("-----")) {
        secrets.add(line.strip());
      }
    }
    return this;
  }

  Result run(String... args) {
    // as the distribution does: the tree holds only the command the arguments name, when they name one
    CommandLine signet = Commands.commandLine(new Host(new ByteArrayInputStream(stdin), env, hostClock), Map.of(), args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    signet.setOut(new PrintWriter(out, true));
    signet.setErr(new PrintWriter(err, true));
    int exitCode = signet.execute(args);
    Result result = new Result(exitCode, out.toString(), err.toString());
    String both = result.out() + result.err();
    assertThat(both).as("private key material in output")
        .doesNotContainPattern("PRIVATE KEY-----\\s*[A-Za-z0-9+/=]{16}")
        .doesNotContain("\"d\"");
    for (String secret : secrets) {
      assertThat(both).as("secret in output").doesNotContain(secret);
    }
    return result;
  }
}
