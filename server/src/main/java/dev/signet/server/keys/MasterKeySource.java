package dev.signet.server.keys;

import dev.signet.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the {@link MasterKey} comes from: {@code --master-key-file}, else {@code --master-key}
 * ({@code SIGNET_MASTER_KEY}), else, for the embedded database only, {@code <data-dir>/master.key},
 * generated (mode 0600, the data directory 0700) on the first start. A server on a database of
 * its own ({@code --db}) must be given the key: its instances must all hold the same one, which
 * none of them could generate alone.
 */
public final class MasterKeySource {
  /** The generated key's file name in the data directory. */
  public static final String FILE_NAME = "master.key";

  private static final Logger log = LoggerFactory.getLogger(MasterKeySource.class);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

  private MasterKeySource() {}

  /**
   * Creates the embedded database's directory readable by its owner only (0700), or makes an
   * existing one so, before the database and the master key are written into it.
   *
   * @throws ConfigException if the directory cannot be made
   */
  public static void prepareDataDir(Path dataDir) {
    try {
      boolean existed = Files.isDirectory(dataDir);
      if (!existed) {
        Files.createDirectories(dataDir);
      }
      PosixFileAttributeView view = Files.getFileAttributeView(dataDir, PosixFileAttributeView.class);
      if (view != null && !view.readAttributes().permissions().equals(OWNER_ONLY_DIR)) {
        view.setPermissions(OWNER_ONLY_DIR);
        if (existed) { // an operator's directory changed under them is news; one made just now is not
          log.info("data directory {} made readable by its owner only (0700)", dataDir.toAbsolutePath().normalize());
        }
      }
    } catch (IOException e) {
      throw new ConfigException("cannot prepare --data-dir " + dataDir + ": " + e);
    }
  }

  /**
   * The configured master key, or the embedded database's own.
   *
   * @param value the {@code --master-key} setting
   * @param file the {@code --master-key-file} setting
   * @param embeddedDataDir the data directory when the database is the embedded one, else null
   * @param databaseHoldsKeys whether sealed keys are stored already (then a missing key file is
   *     an error, never a reason to make a new key)
   * @throws ConfigException naming the setting to fix
   */
  public static MasterKey resolve(@Nullable String value, @Nullable Path file, @Nullable Path embeddedDataDir,
      BooleanSupplier databaseHoldsKeys) {
    if (file != null) {
      return read(file, "--master-key-file " + file);
    }
    if (value != null) {
      return parse(value, "--master-key (SIGNET_MASTER_KEY)");
    }
    if (embeddedDataDir == null) {
      throw new ConfigException("--db needs a master key to seal the server's signing keys: give --master-key-file FILE or"
          + " SIGNET_MASTER_KEY (32 random bytes in base64: openssl rand -base64 32), the same on every instance");
    }
    Path generated = embeddedDataDir.resolve(FILE_NAME);
    if (Files.exists(generated)) {
      return read(generated, generated.toString());
    }
    if (databaseHoldsKeys.getAsBoolean()) {
      throw new ConfigException("the database in " + embeddedDataDir + " holds sealed signing keys but their master key "
          + generated + " is missing: restore it, or give it with --master-key-file");
    }
    return generate(generated);
  }

  private static MasterKey generate(Path file) {
    String encoded = MasterKey.generateEncoded();
    try {
      boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class);
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) { // another process made it meanwhile: use that one
      return read(file, file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot write the master key " + file + ": " + e);
    }
    log.info("master key generated: {} (mode 0600); back it up with the database: without it the server's keys cannot be opened", file);
    return parse(encoded, file.toString());
  }

  private static MasterKey read(Path file, String source) {
    String text;
    try {
      warnIfOthersCanRead(file);
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + source + ": " + e);
    }
    return parse(text, source);
  }

  private static MasterKey parse(String text, String source) {
    try {
      return MasterKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
  }

  private static void warnIfOthersCanRead(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null) {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("master key file {} can be read by others than its owner (mode {}): chmod 600 it",
            file, PosixFilePermissions.toString(permissions));
      }
    }
  }
}
