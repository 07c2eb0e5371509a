package dev.signet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code signet server --port 0 …} from the real distribution, as a child process: started, and
 * watched until it prints {@code listening on URL} (after the admin enrollment code, on a first
 * start without {@code --admin-key}); stopped through its own handle, never by name. Its stdout
 * and stderr go to files beside the data directory, so nothing is lost when it dies.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(180); // a launcher's first server start trains its AOT cache
  private static final String LISTENING = "listening on ";
  private static final String ADMIN_CODE = "admin enrollment code: ";

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final URI url;

  private ServerProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.url = awaitListening();
  }

  /** {@code signet server --port 0 --data-dir DIR extra…} run in DIR's parent, returned once it listens. */
  static ServerProcess start(Path dataDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--data-dir", dataDir.toString()));
    args.addAll(List.of(extra));
    Path workDir = dataDir.toAbsolutePath().getParent();
    try {
      Path out = Files.createTempFile(workDir, "server-", ".stdout");
      Path err = Files.createTempFile(workDir, "server-", ".stderr");
      ProcessBuilder builder = new ProcessBuilder(Distribution.command(List.of("-XX:+UseSerialGC"), args.toArray(String[]::new)))
          .directory(workDir.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("SIGNET_")); // only the flags given here
      return new ServerProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code signet gateway --config CONFIG} run in {@code workDir} without the caller's {@code SIGNET_*} variables, returned once it listens. */
  static ServerProcess gateway(Path config, Path workDir) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("SIGNET_"));
    return start(Distribution.command(List.of("-XX:+UseSerialGC"), "gateway", "--config", config.toString()), workDir, environment);
  }

  /**
   * {@code command} (a launcher's {@code server --port 0 …}) run in {@code workDir} with exactly
   * {@code environment}, returned once it listens.
   */
  static ServerProcess start(List<String> command, Path workDir, Map<String, String> environment) {
    try {
      Path out = Files.createTempFile(workDir, "server-", ".stdout");
      Path err = Files.createTempFile(workDir, "server-", ".stderr");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      return new ServerProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private URI awaitListening() {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> line = stdout().stream().filter(l -> l.startsWith(LISTENING)).findFirst();
      if (line.isPresent()) {
        return URI.create(line.get().substring(LISTENING.length()).strip());
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited (" + process.exitValue() + ") before listening; stdout: "
            + stdout() + "; stderr: " + stderr());
      }
      pause();
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not print '" + LISTENING + "…' within " + STARTUP
        + "; stdout: " + stdout() + "; stderr: " + stderr());
  }

  URI url() {
    return url;
  }

  /** The one-time code a first start without {@code --admin-key} printed. */
  Optional<String> adminCode() {
    return stdout().stream().filter(l -> l.startsWith(ADMIN_CODE))
        .map(l -> l.substring(ADMIN_CODE.length()).strip().split(" ", 2)[0]) // "CODE (one-time, valid 15m, …)"
        .findFirst();
  }

  List<String> stdout() {
    return read(stdout).lines().toList();
  }

  String stderr() {
    return read(stderr);
  }

  /** SIGKILL: no shutdown hook, no flush; returns once the process is gone. */
  void kill() {
    process.destroyForcibly();
    await(Duration.ofSeconds(30));
  }

  /** SIGTERM; the exit status once the process ended within {@code limit}, empty if it did not. */
  Optional<Integer> terminate(Duration limit) {
    process.destroy();
    return await(limit) ? Optional.of(process.exitValue()) : Optional.empty();
  }

  private boolean await(Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // a half-written last character is no error
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the process if a test left it running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
