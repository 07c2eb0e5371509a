package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Settings;
import dev.signet.server.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing keys at start: the embedded master key, restarts, and the starts that are refused. */
class SigningKeysStartTest {
  @TempDir Path dir;

  @Test
  void firstStart_embedded_masterKeyOwnerOnlyInAnOwnerOnlyDataDir_restartSignsWithTheSameKey() throws IOException {
    String kid;
    try (TestServer server = TestServer.builder().dir(dir).start()) {
      kid = server.signingKeys().current().kid();
    }
    Path data = dir.resolve("data");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key")))).isEqualTo("rw-------");

    try (TestServer again = TestServer.builder().dir(dir).start()) {
      assertThat(again.signingKeys().current().kid()).isEqualTo(kid);
    }
  }

  @Test
  void restart_anotherMasterKey_refusedBeforeServingAnything() throws IOException {
    try (TestServer server = TestServer.builder().dir(dir).start()) {
      assertThat(server.signingKeys().published()).hasSize(1);
    }
    Path other = Files.writeString(dir.resolve("other.key"), TestServer.masterKey("another"));

    assertThatThrownBy(() -> TestServer.builder().dir(dir).setting("master-key-file", other.toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("the master key (MasterKey[AES-256-GCM key]) does not open the private key of server key ")
        .hasMessageEndingWith("(check --master-key-file / SIGNET_MASTER_KEY)");
  }

  @Test
  void restart_embeddedMasterKeyDeleted_refusedRatherThanANewKey() throws IOException {
    try (TestServer server = TestServer.builder().dir(dir).start()) {
      assertThat(server.signingKeys().published()).hasSize(1);
    }
    Files.delete(dir.resolve("data/master.key"));

    assertThatThrownBy(() -> TestServer.builder().dir(dir).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("the database in " + dir.resolve("data") + " holds sealed signing keys but their master key "
            + dir.resolve("data/master.key") + " is missing: restore it, or give it with --master-key-file");
  }

  @Test
  void start_ownDatabaseWithoutMasterKey_refusedNamingTheSetting() {
    ServerConfig config = ServerConfig.from(Settings.from(Map.of("port", "0", "data-dir", dir.resolve("data").toString(),
        "db", Database.embeddedUrl(dir.resolve("db"))), Map.of()));

    assertThatThrownBy(() -> SignetServer.start(config).close())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--db needs a master key to seal the server's signing keys: give --master-key-file FILE or"
            + " SIGNET_MASTER_KEY (32 random bytes in base64: openssl rand -base64 32), the same on every instance");
  }

  @Test
  void start_defaultAlgorithm_rs256With2048BitKey() {
    try (TestServer server = TestServer.builder().setting("signing-alg", "RS256").start()) {
      assertThat(server.signingKeys().current().algorithm()).isEqualTo(dev.signet.Algorithm.RS256);
      assertThat(server.signingKeys().current().publicKey().description()).isEqualTo("RSA 2048");
      assertThat(ServerConfig.defaults().signingAlg()).isEqualTo(dev.signet.Algorithm.RS256);
    }
  }
}
