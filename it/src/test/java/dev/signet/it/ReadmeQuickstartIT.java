package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, read from the README itself so that the two cannot drift (gh-19): every
 * {@code $ } line of its code blocks runs in order, in a fresh directory, through bash, and what it
 * prints must match the lines the README shows under it ({@code …} stands for any text, or on a
 * line of its own for any lines; times and counts of seconds are compared as shapes).
 *
 * <p>What differs from a reader's terminal, and only that: {@code ./signet} is a script in that
 * directory running the built {@code dist/target/signet.jar} (the launcher that builds it has its
 * own tests: {@link LauncherIT}, {@link LauncherScriptIT}); the server gets {@code --port 0}, so
 * {@code http://127.0.0.1:8080} in a command or output means the port it bound; the codes the
 * README abbreviates ({@code 3bM1kQ0v6…}, {@code <code>}) are the ones the server printed; and
 * {@code /home/you/.config} is the test's {@code XDG_CONFIG_HOME}.
 */
class ReadmeQuickstartIT {
  private static final Path README = Path.of(System.getProperty("signet.readme", "../README.md"));
  private static final String README_URL = "http://127.0.0.1:8080";
  private static final String README_CODE = "3bM1kQ0v6…";
  private static final Pattern CODE_LINE = Pattern.compile("(?m)^code\\s+(\\S+)");
  private static final Pattern STATUS_COMMENT = Pattern.compile("#\\s*(\\d{3})(?:\\s+(\\{.*}))?\\s*$");

  @TempDir Path dir;

  /** One {@code $ } line and the lines the README shows under it. */
  record Step(String command, List<String> expected) {}

  @Test
  void quickstart_runLiterally_printsWhatTheReadmeShows() throws IOException, InterruptedException {
    List<Step> steps = steps(quickstart(Files.readString(README)));
    assertThat(steps).as("the README's quickstart commands").hasSizeGreaterThan(8);
    assertThat(steps.get(0).command()).isEqualTo("./signet server");
    writeLauncher();

    try (ServerProcess server = ServerProcess.start(dir.resolve("signet-data"))) {
      String url = server.url().toString();
      String adminCode = server.adminCode().orElseThrow(() -> new AssertionError("no admin code: " + server.stdout()));
      assertMatches(server.stdout(), localize(steps.get(0).expected(), url, adminCode));
      String lastCode = adminCode;
      for (Step step : steps.subList(1, steps.size())) {
        String command = step.command().replace(README_URL, url).replace(README_CODE, adminCode).replace("<code>", lastCode);
        Shell.Result run = Shell.run(dir, command);
        assertThat(run.exitCode()).as("'%s' exits 0; stderr: %s", step.command(), run.err()).isZero();
        Matcher status = STATUS_COMMENT.matcher(step.command());
        if (status.find()) { // "# 401 {"error":…}": that body; "# 200": the caller's identity
          if (status.group(2) != null) {
            assertThat(run.out().strip()).as("'%s'", step.command()).isEqualTo(status.group(2));
          } else if (status.group(1).equals("200")) {
            assertThat(run.out()).as("'%s'", step.command()).startsWith("{\"principal\":").doesNotContain("\"error\"");
          }
        }
        assertMatches(run.out().lines().toList(), localize(step.expected(), url, adminCode));
        Matcher code = CODE_LINE.matcher(run.out());
        if (code.find()) {
          lastCode = code.group(1);
        }
      }
    }
  }

  private void writeLauncher() throws IOException {
    List<String> java = Distribution.command(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    Path launcher = dir.resolve("signet");
    // as the real launcher does, it tells the CLI how it was called, for the commands it suggests
    Files.writeString(launcher, "#!/usr/bin/env bash\nexport SIGNET_LAUNCHER=\"$0\"\nexec " + String.join(" ", java.stream().map(ReadmeQuickstartIT::quote).toList())
        + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
  }

  private List<String> localize(List<String> expected, String url, String adminCode) {
    String home = dir.resolve("config").toString();
    return expected.stream().map(l -> l.replace(README_URL, url).replace(README_CODE, adminCode + "…")
        .replace("/home/you/.config", home)).toList();
  }

  /** The text between the quickstart's heading and the next second-level heading. */
  static String quickstart(String readme) {
    int start = readme.indexOf("\n## Quickstart");
    assertThat(start).as("a '## Quickstart' section in the README").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The {@code $ } lines of the section's code blocks, each with the output lines after it. */
  static List<Step> steps(String section) {
    List<Step> steps = new ArrayList<>();
    boolean inBlock = false;
    String command = null;
    List<String> expected = new ArrayList<>();
    for (String line : section.lines().toList()) {
      if (line.startsWith("```")) {
        if (inBlock && command != null) {
          steps.add(new Step(command, List.copyOf(expected)));
          command = null;
        }
        inBlock = !inBlock;
        expected.clear();
      } else if (inBlock && line.startsWith("$ ")) {
        if (command != null) {
          steps.add(new Step(command, List.copyOf(expected)));
        }
        command = line.substring(2).strip();
        expected.clear();
      } else if (inBlock && command != null) {
        expected.add(line);
      }
    }
    return steps;
  }

  /**
   * {@code actual} has a line matching each of {@code expected}, in order; a line that is only
   * {@code …} skips any lines. Timestamps and "in Ns" compare by shape.
   */
  static void assertMatches(List<String> actual, List<String> expected) {
    int a = 0;
    boolean skipping = false;
    for (String want : expected) {
      if (want.strip().equals("…")) {
        skipping = true;
        continue;
      }
      Pattern pattern = shape(want);
      while (a < actual.size() && !pattern.matcher(shapeOf(actual.get(a))).matches()) {
        assertThat(skipping).as("line '%s' expected, got '%s' in %s", want, actual.get(a), actual).isTrue();
        a++;
      }
      assertThat(a).as("line '%s' expected in %s", want, actual).isLessThan(actual.size());
      a++;
      skipping = false;
    }
  }

  private static Pattern shape(String expected) {
    StringBuilder regex = new StringBuilder();
    for (String part : shapeOf(expected).split("…", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  private static String shapeOf(String line) {
    return line.strip()
        .replaceAll("[A-Za-z0-9_-]+…", "…") // an example value the README cut short: a kid, a code
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>")
        .replaceAll("\\d\\d:\\d\\d UTC", "<hh:mm> UTC")
        .replaceAll("in \\d+s\\)", "in <n>s)")
        .replaceAll("\\d+ characters", "<n> characters")
        .replaceAll("\\s+", " ");
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** bash -c in the test's directory, with the test's XDG_CONFIG_HOME and the variables earlier commands set. */
  static final class Shell {
    record Result(int exitCode, String out, String err) {}

    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z_][A-Z0-9_]*)=");

    static Result run(Path dir, String command) throws IOException, InterruptedException {
      Path vars = dir.resolve(".readme-vars");
      Matcher assigned = ASSIGNMENT.matcher(command);
      String script = "[ -f " + quote(vars.toString()) + " ] && . " + quote(vars.toString()) + "\n" + command + "\n"
          + (assigned.find() ? "declare -p " + assigned.group(1) + " >> " + quote(vars.toString()) + "\n" : "");
      ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
      builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
      builder.environment().keySet().removeIf(name -> name.startsWith("SIGNET_"));
      Path out = Files.createTempFile(dir, "step-", ".out");
      Path err = Files.createTempFile(dir, "step-", ".err");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("'" + command + "' did not finish within 120 s");
      }
      try {
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
