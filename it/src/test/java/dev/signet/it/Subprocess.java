package dev.signet.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs one command to completion with a given stdin, collecting stdout and stderr; kills it on timeout. */
final class Subprocess {
  // a thread per stream: a pool that ran the two readers one after the other could deadlock on a full pipe
  private static final Executor READERS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("subprocess-reader").factory());

  private Subprocess() {}

  record Completed(List<String> command, int exitCode, String stdout, String stderr) {
    /** The command line and what it printed, for assertion messages. */
    String describe() {
      return String.join(" ", command) + " exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  static Completed run(List<String> command, Path directory, String stdin, Duration timeout) {
    return run(command, directory, stdin, timeout, Map.of());
  }

  static Completed run(List<String> command, Path directory, String stdin, Duration timeout, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    return run(builder, stdin, timeout);
  }

  /** With exactly {@code environment}, nothing inherited from the test's own: as a user's shell might have it. */
  static Completed runInCleanEnvironment(List<String> command, Path directory, String stdin, Duration timeout, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return run(builder, stdin, timeout);
  }

  private static Completed run(ProcessBuilder builder, String stdin, Duration timeout) {
    List<String> command = builder.command();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      CompletableFuture<String> out = readAll(process.getInputStream());
      CompletableFuture<String> err = readAll(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the process may exit without reading stdin; its exit code and stderr tell why
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(command + " did not finish within " + timeout + "; stderr so far: " + err.getNow(""));
      }
      return new Completed(command, process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static CompletableFuture<String> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, READERS);
  }
}
