package dev.signet.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server private to this JVM, started on first use and stopped when the JVM exits.
 * Normally zonky's embedded binaries (from Maven Central). PostgreSQL refuses to run as root, and
 * so does zonky; as root, the system's PostgreSQL ({@code /usr/lib/postgresql/<version>/bin}) is
 * started instead as user {@code nobody} through {@code setpriv}, in a temporary directory, on a
 * free loopback port.
 */
final class LocalPostgres {
  private static final int NOBODY = 65534;
  private static @Nullable String url;
  private static @Nullable RuntimeException failure;

  private LocalPostgres() {}

  static synchronized String jdbcUrl() {
    if (failure != null) {
      throw failure; // do not try again for every test class
    }
    if (url == null) {
      try {
        url = "root".equals(System.getProperty("user.name")) ? startSystemAsNobody() : startEmbedded();
      } catch (IOException | RuntimeException e) {
        failure = new IllegalStateException("cannot start a local PostgreSQL: " + e.getMessage(), e);
        throw failure;
      }
    }
    return url;
  }

  private static String startEmbedded() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start(); // stops itself at JVM exit
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  private static String startSystemAsNobody() throws IOException {
    Path bin = systemBinaries();
    Path dir = Files.createTempDirectory("signet-pg-");
    Files.setAttribute(dir, "unix:uid", NOBODY);
    Files.setAttribute(dir, "unix:gid", NOBODY);
    Path data = dir.resolve("data");
    Path log = dir.resolve("commands.log");
    int port = FreePort.pick();
    runAsNobody(log, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-sync");
    runAsNobody(log, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -F", "start");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runAsNobody(log, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
      }
    }, "signet-test-postgres-stop"));
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  private static Path systemBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IOException("running as root, where PostgreSQL will not run, and no system PostgreSQL in " + root);
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IOException("no initdb/pg_ctl under " + root));
    }
  }

  private static void runAsNobody(Path log, String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "; see " + log);
    }
  }
}
