package dev.signet.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the key files named with {@code --key} (and keygen's {@code --out}, {@code --pub}) are:
 * a bare file name, without any directory, names a file in the keys directory,
 * {@code $XDG_CONFIG_HOME/signet/keys} ({@code ~/.config/signet/keys} by default), which is made
 * with mode 0700 when a key is first written there; a path with a directory part
 * ({@code ./admin.pem}, {@code keys/admin.pem}, {@code /etc/signet/admin.pem}) is that file. So
 * private keys do not land in whatever directory the command ran in, such as a git checkout.
 */
final class KeyPaths {
  /** For option descriptions. */
  static final String RULE = "a bare name is a file in ~/.config/signet/keys, a path with a / is that file";

  private KeyPaths() {}

  /** The keys directory: {@code $XDG_CONFIG_HOME/signet/keys}, else {@code $HOME/.config/signet/keys}. */
  static Path directory(Host host) {
    Path config = host.env("XDG_CONFIG_HOME").filter(v -> !v.isBlank()).map(Path::of).filter(Path::isAbsolute)
        .orElseGet(() -> home(host).resolve(".config"));
    return config.resolve("signet").resolve("keys");
  }

  /** Where {@code given} is: in the keys directory when it is a bare name, else as given. */
  static Path resolve(Host host, Path given) {
    return bare(given) ? directory(host).resolve(given) : given;
  }

  /**
   * Where a new key named {@code given} goes; the keys directory is made (mode 0700) when the
   * key goes there and it does not exist yet.
   */
  static Path forWriting(Host host, Path given) {
    Path path = resolve(host, given);
    if (bare(given)) {
      Path directory = directory(host);
      try {
        if (!Files.isDirectory(directory)) {
          Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
      } catch (FileAlreadyExistsException e) {
        throw CliError.usage("cannot make the keys directory " + directory + ": a file of that name is in the way", e);
      } catch (IOException | UnsupportedOperationException e) {
        throw CliError.usage("cannot make the keys directory " + directory + ": " + e.getMessage(), e);
      }
    }
    return path;
  }

  /**
   * Why a key file named {@code given} was not found at {@code resolved}, with a hint when a file
   * of that name is in the working directory instead.
   */
  static String missing(Path given, Path resolved, String what) {
    String message = what + " " + resolved + " does not exist";
    if (bare(given) && Files.exists(given, LinkOption.NOFOLLOW_LINKS)) {
      return message + " (a bare name is looked for in the keys directory; for the file here, write ./" + given + ")";
    }
    return message;
  }

  /** Whether {@code given} is a file name alone ("admin.pem"), not "." or "..". */
  static boolean bare(Path given) {
    String name = given.toString();
    return given.getParent() == null && !given.isAbsolute() && !name.isEmpty() && !name.equals(".") && !name.equals("..")
        && !name.equals("-");
  }

  private static Path home(Host host) {
    return Path.of(host.env("HOME").filter(v -> !v.isBlank()).orElseGet(() -> System.getProperty("user.home", ".")));
  }
}
