package dev.signet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real server for the test class, and {@code signet admin} commands signed with its admin key. */
abstract class AdminCommandTestBase {
  @TempDir static Path serverDir;
  static TestServer server;

  @TempDir Path dir;
  final Cli cli = new Cli().systemClock();

  @BeforeAll
  static void startServer() {
    server = TestServer.start(serverDir);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** {@code signet admin --server URL --key admin.pem ARGS}. */
  Cli.Result admin(String... args) {
    cli.privateKey(server.adminKey.toPem());
    List<String> all = new ArrayList<>(List.of("admin", "--server", server.url(), "--key", server.adminKeyFile.toString()));
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }
}
