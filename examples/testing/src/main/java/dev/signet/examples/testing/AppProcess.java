package dev.signet.examples.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An example application run as users run it, {@code java -jar app.jar ARGS}, with the JVM that
 * runs the test: {@link #start} returns once it printed {@code listening on http://HOST:PORT}
 * (its {@link #base()}), and fails with everything it printed if it exits first or says nothing
 * within the limit. {@link #close()} stops it by its PID.
 */
public final class AppProcess implements AutoCloseable {
  private static final String READY = "listening on ";

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<URI> listening = new CompletableFuture<>();

  private AppProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "app-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java -jar jar args…} and waits up to {@code limit} for its {@code listening on}
   * line.
   *
   * @throws IllegalStateException if the jar is missing, the process exits, or the line does not come in time
   */
  public static AppProcess start(Path jar, Duration limit, String... args) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar.toAbsolutePath() + ": build it first (./mvnw package)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    command.addAll(List.of(args));
    AppProcess app;
    try {
      app = new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    app.awaitListening(limit);
    return app;
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        int at = line.indexOf(READY);
        if (at >= 0 && !listening.isDone()) {
          listening.complete(URI.create(line.substring(at + READY.length()).strip()));
        }
      }
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
    listening.completeExceptionally(new IllegalStateException("exited with " + exitCode() + " before saying where it listens"));
  }

  private String exitCode() {
    try {
      return String.valueOf(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private void awaitListening(Duration limit) {
    try {
      listening.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException("no 'listening on' line within " + limit + ": " + e + "\n" + String.join("\n", output), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for the app", e);
    }
  }

  /** Where it listens, as it printed it: {@code http://HOST:PORT}. */
  public URI base() {
    return listening.getNow(URI.create("http://unknown"));
  }

  /** Every line it printed so far (stdout and stderr). */
  public List<String> output() {
    return List.copyOf(output);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops it (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "AppProcess[pid " + process.pid() + ", " + base() + "]";
  }
}
