package dev.signet.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A foreign server (a Node.js app of interop/node) run as a child process for the length of a
 * test class: started, watched until it prints {@code listening on URL}, stopped by closing its
 * stdin (it exits then) and, failing that, through its own handle, never by name.
 */
final class ForeignApp implements AutoCloseable {
  private static final String LISTENING = "listening on ";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<URI> listening = new CompletableFuture<>();

  private ForeignApp(Process process) {
    this.process = process;
    Thread.ofPlatform().daemon().name("foreign-app-" + process.pid()).start(this::read);
  }

  static ForeignApp start(List<String> command, Path directory) {
    ForeignApp app;
    try {
      app = new ForeignApp(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.getFirst(), e);
    }
    try {
      app.listening.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      app.close();
      throw new IllegalStateException("no '" + LISTENING + "' line within " + STARTUP + ": " + app.output, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      app.close();
      throw new IllegalStateException(e);
    }
    return app;
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (line.startsWith(LISTENING)) {
          listening.complete(URI.create(line.substring(LISTENING.length()).strip()));
        }
      }
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
    listening.completeExceptionally(new IllegalStateException("exited before listening"));
  }

  URI url() {
    return listening.join();
  }

  /** Everything it printed so far. */
  List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // the app exits when its stdin ends
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
