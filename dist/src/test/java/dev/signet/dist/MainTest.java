package dev.signet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The distribution's command, run as a fresh JVM on the test class path. */
class MainTest {
  @TempDir Path dir;

  @Test
  void run_noCommand_listsClientCommandsAndServerExit2() throws Exception {
    Run r = signet();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("signet: missing command, one of: keygen, token, enroll, curl, jwe, admin, server, gateway (see 'signet --help')");
  }

  @Test
  void help_server_usageOnStdoutExit0() throws Exception {
    Run r = signet("server", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: signet server").contains("--data-dir", "--public-url", "--trusted-proxies",
        "--max-keys-per-principal", "--audit-retention");
  }

  @Test
  void run_misspelledServer_suggestsServer() throws Exception { // gh-19: 'server' is only in the distribution's tree
    Run r = signet("servr");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: unknown command 'servr'; did you mean 'server'? (see 'signet --help')\n");
  }

  @Test
  void clientCommand_loadsNoServerClasses() throws Exception {
    Run r = signet(List.of("-Xlog:class+load=info"), "keygen", "--out", dir.resolve("k.pem").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("dev.signet.cli.KeygenCommand"); // the log is on, and names what it loads
    assertThat(r.out().lines().filter(l -> l.contains(" source: ")))
        .noneMatch(l -> l.contains("org.eclipse.jetty") || l.contains("io.javalin") || l.contains("org.h2.")
            || l.contains("io.lettuce") || l.contains("com.zaxxer") || l.contains("org.flywaydb")
            || l.contains("dev.signet.server"));
  }

  @Test
  void clientCommand_logsFromWarnUnlessTheVariableSaysOtherwise() throws Exception { // gh-19: the help's footer says so
    Path key = dir.resolve("k.pem");
    assertThat(signet("keygen", "--out", key.toString()).exitCode()).isZero();

    Run quiet = signet(List.of(), Map.of(), "token", "sign", "--key", key.toString(), "--principal", "alice");
    Run info = signet(List.of(), Map.of("SIGNET_LOG_LEVEL", "info"), "token", "sign", "--key", key.toString(), "--principal", "alice");
    Run verbose = signet(List.of(), Map.of(), "token", "sign", "--key", key.toString(), "--principal", "alice", "--verbose");

    assertThat(quiet.err()).isEmpty();
    assertThat(info.err()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  dev\\.signet\\.cli\\.CryptoOption - crypto provider: JDK.*\n");
    assertThat(verbose.err()).contains(" INFO  dev.signet.cli.CryptoOption - crypto provider: JDK");
    assertThat(signet("--help").out()).contains("Logs go to stderr, from WARN up unless SIGNET_LOG_LEVEL names another level");
  }

  @Test
  void tokenSign_belowInfo_startsNoLogback() throws Exception { // gh-18: Logback's start cost token sign ~18 ms, to drop a line
    Path key = dir.resolve("k.pem");
    assertThat(signet("keygen", "--out", key.toString()).exitCode()).isZero();

    Run r = signet(List.of("-Xlog:class+load=info"), "token", "sign", "--key", key.toString(), "--principal", "alice");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("dev.signet.cli.SignCommand"); // the log is on
    assertThat(r.out().lines().filter(l -> l.contains(" source: ")))
        .noneMatch(l -> l.contains("ch.qos.logback.classic.LoggerContext") || l.contains("org.slf4j.LoggerFactory"));
  }

  @Test
  void picocli_java21ClassFiles() throws Exception { // gh-18: the JDK keeps no Java 5 class file in an AOT cache
    byte[] header;
    try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
      assertThat(in).isNotNull();
      header = in.readNBytes(8);
    }
    assertThat(((header[6] & 0xff) << 8) | (header[7] & 0xff)).as("class file major version").isEqualTo(65);
    assertThat(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toString()).doesNotContain("/info/picocli/");
  }

  @Test
  void help_setsUpLoggingWithoutXml() throws Exception { // gh-18: reading logback.xml cost a short command more than it ran
    Run r = signet(List.of("-Xlog:class+load=info"), Map.of(), "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().filter(l -> l.contains(" source: ")))
        .noneMatch(l -> l.contains("JoranConfigurator") || l.contains("javax.xml.parsers") || l.contains("PatternLayout"));
  }

  private record Run(int exitCode, String out, String err) {}

  private Run signet(String... args) throws IOException, InterruptedException {
    return signet(List.of(), Map.of(), args);
  }

  private Run signet(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    return signet(jvmOptions, Map.of(), args);
  }

  private Run signet(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    // as the jar's manifest allows it under -jar: ACCP loads a native library
    List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("SIGNET_LOG_LEVEL");
    builder.environment().putAll(env);
    Process p = builder.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("signet " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
