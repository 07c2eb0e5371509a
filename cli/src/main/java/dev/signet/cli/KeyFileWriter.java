package dev.signet.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes key files without ever exposing a private key to other users: the file is created with
 * mode 0600 by the same system call that creates it ({@code open(O_CREAT|O_EXCL, 0600)}), so
 * there is no moment at which it exists with wider permissions. An existing file is never
 * overwritten unless asked; when it is, the new key goes to a 0600 temporary file in the same
 * directory that is then renamed over the old one, atomically.
 */
final class KeyFileWriter {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private KeyFileWriter() {}

  /** Refuses early, before a slow key generation, when a target exists and may not be replaced. */
  static void checkWritable(Path path, boolean overwrite) {
    if (Files.isDirectory(path)) {
      throw CliError.usage(path + " is a directory");
    }
    if (!overwrite && Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw CliError.usage(path + " already exists; use --force to overwrite it");
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw CliError.usage("directory " + parent + " does not exist");
    }
  }

  static void writePrivate(Path path, String text, boolean overwrite) {
    write(path, text, overwrite, mode(path, OWNER_ONLY));
  }

  /** A public key: readable by all, as far as the umask lets it. */
  static void writePublic(Path path, String text, boolean overwrite) {
    write(path, text, overwrite, mode(path, WORLD_READABLE));
  }

  private static FileAttribute<?>[] mode(Path path, Set<PosixFilePermission> permissions) {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
  }

  private static void write(Path path, String text, boolean overwrite, FileAttribute<?>... attributes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      if (overwrite) {
        replace(path, bytes, attributes);
      } else {
        create(path, bytes, attributes);
      }
    } catch (FileAlreadyExistsException e) {
      throw CliError.usage(path + " already exists; use --force to overwrite it");
    } catch (NoSuchFileException e) {
      throw CliError.usage("cannot write " + path + ": its directory does not exist");
    } catch (AccessDeniedException e) {
      throw CliError.usage("cannot write " + path + ": permission denied");
    } catch (IOException e) {
      throw CliError.failure("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path path, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(
        path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
      writeFully(channel, bytes);
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof FileAlreadyExistsException)) {
        Files.deleteIfExists(path); // no half-written key left behind
      }
      throw e;
    }
  }

  private static void replace(Path path, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
    Path directory = path.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(directory, "." + path.getFileName() + ".", ".tmp", attributes);
    try {
      try (SeekableByteChannel channel = Files.newByteChannel(temporary, StandardOpenOption.WRITE)) {
        writeFully(channel, bytes);
      }
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void writeFully(SeekableByteChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
