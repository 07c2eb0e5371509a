package dev.signet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * This repository's working tree as a fresh clone has it: sources, poms, the launcher and the
 * Maven wrapper, with modes and times kept, and no build output ({@code target/}), no data, no
 * installed npm packages. (The working tree rather than a {@code git clone}: a change not yet
 * committed is tested too.)
 */
final class RepositoryCopy {
  private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", "signet-data", ".idea");

  private RepositoryCopy() {}

  /** The repository the tests run in (system property {@code signet.repo}, set by the it pom). */
  static Path repository() {
    return Path.of(System.getProperty("signet.repo", "..")).toAbsolutePath().normalize();
  }

  /** Copies the working tree into {@code destination} (an empty directory) and returns it. */
  static Path into(Path destination) {
    Path source = repository();
    try {
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
          if (!dir.equals(source) && SKIPPED.contains(dir.getFileName().toString())) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          Files.createDirectories(destination.resolve(source.relativize(dir)));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          if (attributes.isRegularFile() && !isLocalKey(source, file)) {
            Files.copy(file, destination.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + destination, e);
    }
    return destination;
  }

  /** Key files a developer left at the root (ignored by git, so never in a clone). */
  private static boolean isLocalKey(Path root, Path file) {
    String name = file.getFileName().toString();
    return file.getParent().equals(root) && (name.endsWith(".pem") || name.endsWith(".pub"));
  }
}
