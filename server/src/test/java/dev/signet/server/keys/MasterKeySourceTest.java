package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the master key comes from: given, generated into the embedded data directory, or refused. */
class MasterKeySourceTest {
  static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);
  static final byte[] CONTEXT = new byte[0];

  @TempDir Path dir;

  @Test
  void resolve_embeddedFirstStart_generatesOwnerOnlyFileInOwnerOnlyDirectory() throws IOException {
    Path dataDir = dir.resolve("signet-data");
    MasterKeySource.prepareDataDir(dataDir);

    MasterKeySource.resolve(null, null, dataDir, () -> false);

    Path file = dataDir.resolve("master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).hasSize(44); // 32 bytes in base64
  }

  @Test
  void prepareDataDir_existingLooseDirectory_madeOwnerOnly() throws IOException {
    Path dataDir = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    MasterKeySource.prepareDataDir(dataDir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
  }

  @Test
  void resolve_embeddedSecondStart_sameKey() throws GeneralSecurityException {
    MasterKeySource.prepareDataDir(dir);
    byte[] sealed = MasterKeySource.resolve(null, null, dir, () -> false).seal(SECRET, CONTEXT);

    MasterKey again = MasterKeySource.resolve(null, null, dir, () -> true);

    assertThat(again.open(sealed, CONTEXT)).isEqualTo(SECRET);
  }

  @Test
  void resolve_embeddedKeyFileLostWhileKeysStored_refusedRatherThanANewKey() {
    assertThatThrownBy(() -> MasterKeySource.resolve(null, null, dir, () -> true))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the database in " + dir + " holds sealed signing keys but their master key " + dir.resolve("master.key")
            + " is missing: restore it, or give it with --master-key-file");
    assertThat(dir.resolve("master.key")).doesNotExist();
  }

  @Test
  void resolve_ownDatabaseWithoutKey_refusedNamingTheSettings() {
    assertThatThrownBy(() -> MasterKeySource.resolve(null, null, null, () -> false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--db needs a master key to seal the server's signing keys: give --master-key-file FILE or"
            + " SIGNET_MASTER_KEY (32 random bytes in base64: openssl rand -base64 32), the same on every instance");
  }

  @Test
  void resolve_givenFileOrValue_usedOverTheDataDirectory() throws IOException, GeneralSecurityException {
    String encoded = MasterKey.generateEncoded();
    Path file = Files.writeString(dir.resolve("given.key"), encoded + "\n");
    byte[] sealed = MasterKeySource.resolve(null, file, dir, () -> false).seal(SECRET, CONTEXT);

    assertThat(MasterKeySource.resolve(encoded, null, dir, () -> false).open(sealed, CONTEXT)).isEqualTo(SECRET);
    assertThat(dir.resolve("master.key")).doesNotExist();
  }

  @Test
  void resolve_badValueOrFile_refusedNamingWhereItCameFrom() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.key"), "not a key");

    assertThatThrownBy(() -> MasterKeySource.resolve("hunter2!", null, null, () -> false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--master-key (SIGNET_MASTER_KEY): not a master key: expected 32 random bytes in base64"
            + " (openssl rand -base64 32) or a Tink AEAD keyset in JSON")
        .message().doesNotContain("hunter2");
    assertThatThrownBy(() -> MasterKeySource.resolve(null, file, null, () -> false))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--master-key-file " + file + ": not a master key");
  }
}
