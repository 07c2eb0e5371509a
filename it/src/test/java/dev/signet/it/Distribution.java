package dev.signet.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real distribution ({@code dist/target/signet.jar}, system property {@code signet.distribution})
 * run as a process with the JDK that runs the tests: one-shot commands here, the server in
 * {@link ServerProcess}.
 */
final class Distribution {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** What a finished command left. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + ", stdout: " + out + ", stderr: " + err;
    }
  }

  private Distribution() {}

  /** {@code java [jvmOptions] -jar signet.jar args…}. */
  static List<String> command(List<String> jvmOptions, String... args) {
    Path jar = Path.of(System.getProperty("signet.distribution", "../dist/target/signet.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl dist -am package");
    }
    String java = ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs {@code signet args…} in {@code dir} to its end. */
  static Run signet(Path dir, String... args) {
    return signet(dir, new byte[0], args);
  }

  static Run signet(Path dir, byte[] stdin, String... args) {
    // C1 only and the serial collector: a short-lived CLI starts faster on a busy machine
    List<String> command = command(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString()); // bare --key names: never the real keys directory
      Process process = builder.start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      try (var in = process.getOutputStream()) {
        in.write(stdin);
      }
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("signet " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
      }
      return new Run(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads a process's stream to its end on a thread of its own (the common pool may have one thread). */
  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = stream) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> Thread.ofPlatform().daemon().start(task));
  }
}
