package dev.signet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run of the server's start-up cache (gh-18): it must finish, and touch nothing outside its scratch directory. */
class ServerTrainingTest {
  @TempDir Path dir;

  @Test
  void aotTraining_serverGroup_servesAScratchServerAndReturns() throws Exception {
    Path scratch = dir.resolve("scratch");

    AotTraining.main(new String[] {scratch.toString(), "server"});

    assertThat(scratch.resolve("training.pem")).exists();
    assertThat(scratch.resolve("data")).isDirectory();
    try (var files = Files.list(scratch.resolve("data"))) {
      assertThat(files).isNotEmpty(); // the embedded database and the master key
    }
  }
}
