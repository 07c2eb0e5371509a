package dev.signet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Commands;
import dev.signet.cli.Host;
import dev.signet.server.config.ServerSettings;
import dev.signet.server.config.Setting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code signet server} as an operator meets it: its help, made from the settings table, and what
 * a start prints (gh-19), the server run as a real process.
 */
class ServerCommandTest {
  private static final Duration STARTUP = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void help_everySettingOfTheTable_withItsDefaultAndHowItIsSpelled() {
    CommandLine server = ServerStart.options();
    server.setUsageHelpWidth(400);

    String help = server.getUsageMessage(CommandLine.Help.Ansi.OFF);

    for (Setting<?> setting : ServerSettings.ALL) {
      assertThat(help).as(setting.name()).contains(setting.flag()).contains(setting.help());
    }
    assertThat(help)
        .contains("--log-level=LEVEL", "trace, debug, info, warn, error or off (default: info)")
        .contains("--data-dir=DIR", "directory of the embedded H2 database (unused with --db) (default: ./signet-data)")
        .contains("--max-body-size=SIZE", "(default: 64KiB)")
        .contains("--single-instance[=true|false]")
        .contains("--data-dir /srv/signet    SIGNET_DATA_DIR=/srv/signet    data-dir: /srv/signet")
        .doesNotContain("TRACE", "database and keys");
  }

  @Test
  void help_throughTheCommand_fullUsageExit0() {
    Run run = inProcess("server", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: signet server [-hV]").contains("--key-cache-stale-if-error=DURATION");
  }

  @Test
  void start_unknownOption_usageErrorNamingIt() {
    Run run = inProcess("server", "--prot", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("signet: Unknown options: '--prot', '1' (see signet server --help)\n");
  }

  @Test
  void listSetting_flagRepeated_itemsOfEach() {
    CommandLine options = ServerStart.options();
    options.parseArgs("--jwks-allow-private-hosts", "a.internal", "--jwks-allow-private-hosts", "b.internal,c.internal",
        "--single-instance", "--port", "0");

    assertThat(ServerStart.flagsGiven(options)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "jwks-allow-private-hosts", "a.internal,b.internal,c.internal", "single-instance", "true", "port", "0"));
    Run run = inProcess("server", "--require-binding", "htm", "--require-binding", "nope");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("signet: --require-binding must be a list of claims from htm, htu, qsh, bsh, not 'htm,nope'\n");
  }

  @Test
  void start_configFileMissing_oneLineExit2() {
    Run run = inProcess("server", "--config", dir.resolve("signet.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("signet: config file " + dir.resolve("signet.yaml") + ": no such file\n");
  }

  @Test
  void start_unknownYamlKey_refusedWithTheRightSpelling() throws IOException {
    Path yaml = Files.writeString(dir.resolve("signet.yaml"), "data_dir: ./data\n");

    Run run = inProcess("server", "--config", yaml.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("signet: unknown setting data_dir in " + yaml + " (line 1): did you mean data-dir? ");
  }

  @Test
  void start_firstRun_codeAndListeningOnStdoutAndOnlyWhatAnOperatorNeedsOnStderr() throws Exception {
    try (Server server = Server.start(dir, "--port", "0", "--data-dir", "data", "--management-port", "0")) {
      List<String> out = server.awaitListening();

      assertThat(out).hasSize(2);
      assertThat(out.get(0)).matches("admin enrollment code: [A-Za-z0-9_-]{32} \\(one-time, valid 15m, until \\d\\d:\\d\\d UTC;"
          + " a restart before it is used replaces it with a new one\\)");
      assertThat(out.get(1)).matches("listening on http://127\\.0\\.0\\.1:\\d+");
      List<String> err = server.awaitErr(6);
      assertThat(err.get(0)).contains(" INFO ").contains("configuration: host=127.0.0.1 port=0 data-dir=" + dir.resolve("data"))
          .contains(" clock-skew=20s ", " max-body-size=64KiB ", " jwks-allow-private-hosts=none ");
      assertThat(err.get(1)).contains(" INFO ").contains("crypto provider: ");
      // where the management listener is, and what a first start made: the master key (to back up), the first keys
      List<String> rest = err.subList(2, 6);
      assertThat(rest).allSatisfy(line -> assertThat(line).contains(" INFO "));
      assertThat(rest).anySatisfy(line -> assertThat(line).containsPattern("management listening on http://127\\.0\\.0\\.1:\\d+ "));
      assertThat(rest).anySatisfy(line -> assertThat(line).contains("master key generated: ").contains("back it up"));
      assertThat(rest).anySatisfy(line -> assertThat(line).contains("new sig key ").contains("(RS256, first key)"));
      assertThat(rest).anySatisfy(line -> assertThat(line).contains("new enc key ").contains("(RSA-OAEP-256, first key)"));
      assertThat(err).hasSize(6);
    }
  }

  /** gh-19: Flyway warned on every start that H2 2.4.240 is newer than it was verified with, even at warn. */
  @Test
  void start_logLevelWarn_nothingOnStderr() throws Exception {
    try (Server server = Server.start(dir, "--port", "0", "--data-dir", "data", "--log-level", "warn")) {
      server.awaitListening();

      assertThat(server.err()).isEmpty();
    }
  }

  @Test
  void start_portInUse_oneLineNamingThePortAndNoDatabaseTouched() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      try (Server server = Server.start(dir, "--port", Integer.toString(port), "--data-dir", "data", "--log-level", "warn")) {
        assertThat(server.awaitExit()).isEqualTo(1);
        assertThat(server.err()).containsExactly("signet: cannot start: port " + port + " on 127.0.0.1 is already in use (--port):"
            + " stop what listens there, or choose another port (0 picks a free one)");
        assertThat(dir.resolve("data")).doesNotExist();
      }
    }
  }

  @Test
  void start_secondServerOnTheSameDataDir_saysAnotherServerUsesIt() throws Exception {
    try (Server first = Server.start(dir, "--port", "0", "--data-dir", "data", "--log-level", "warn")) {
      first.awaitListening();

      try (Server second = Server.start(dir, "--port", "0", "--data-dir", "data", "--log-level", "warn")) {
        assertThat(second.awaitExit()).isEqualTo(1);
        assertThat(second.err()).containsExactly("signet: cannot start: another signet server is using ./data (its database file is"
            + " locked; stop that server, or give this one another --data-dir)");
      }
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private Run inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Host host = host(Map.of());
    CommandLine signet = Main.commandLine(host, args);
    signet.setOut(new PrintWriter(out, true));
    signet.setErr(new PrintWriter(err, true));
    int code = signet.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Host host(Map<String, String> env) {
    return new Host(new ByteArrayInputStream(new byte[0]), env, Clock.systemUTC());
  }

  /** {@code signet server …} as a child process in {@code dir}, without any SIGNET_* variable of this JVM. */
  private static final class Server implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private Server(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    static Server start(Path dir, String... args) throws IOException {
      String java = ProcessHandle.current().info().command().orElseThrow();
      List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "server"));
      command.addAll(List.of(args));
      Path out = Files.createTempFile(dir, "server-", ".out");
      Path err = Files.createTempFile(dir, "server-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("SIGNET_"));
      return new Server(builder.start(), out, err);
    }

    /** The stdout lines once one says {@code listening on}. */
    List<String> awaitListening() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (System.nanoTime() < deadline) {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (lines.stream().anyMatch(l -> l.startsWith("listening on "))) {
          return lines;
        }
        if (!process.isAlive()) {
          throw new AssertionError("the server exited (" + process.exitValue() + "): " + err());
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no 'listening on' within " + STARTUP + ": " + err());
    }

    /** The stderr lines once there are {@code count} of them (the log is written as the start goes). */
    List<String> awaitErr(int count) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<String> lines = err();
      while (lines.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(50);
        lines = err();
      }
      return lines;
    }

    int awaitExit() throws InterruptedException {
      if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the server did not exit");
      }
      return process.exitValue();
    }

    List<String> err() throws IOException {
      return Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("WARNING: ")).toList();
    }

    @Override
    public void close() {
      process.destroy(); // SIGTERM: the server stops as an operator would stop it
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
