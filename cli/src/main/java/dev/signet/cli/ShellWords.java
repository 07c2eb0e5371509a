package dev.signet.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command lines the CLI prints for the user to run next, quoted for a POSIX shell, starting with
 * how signet itself was started: what the launcher put in {@value #LAUNCHER_VARIABLE}
 * ({@code ./signet}, or the path it was run by), else {@code java -jar …/signet.jar} when the
 * jar was run directly, else {@code signet}.
 */
final class ShellWords {
  static final String LAUNCHER_VARIABLE = "SIGNET_LAUNCHER";

  private ShellWords() {}

  /** {@code signet} as it was started, then {@code args}, as one line for a shell. */
  static String signet(Host host, List<String> args) {
    List<String> words = new ArrayList<>(self(host));
    words.addAll(args);
    return String.join(" ", words.stream().map(ShellWords::quote).toList());
  }

  private static List<String> self(Host host) {
    Optional<String> launcher = host.env(LAUNCHER_VARIABLE).filter(v -> !v.isBlank());
    if (launcher.isPresent()) {
      return List.of(launcher.get());
    }
    String classPath = System.getProperty("java.class.path", "");
    Optional<String> javaBinary = ProcessHandle.current().info().command();
    if (javaBinary.isPresent() && classPath.endsWith("signet.jar") && !classPath.contains(File.pathSeparator)
        && Files.isRegularFile(Path.of(classPath))) {
      return List.of(javaBinary.get(), "-jar", classPath);
    }
    return List.of("signet");
  }

  /** {@code word} as is when it is plain, else in single quotes. */
  static String quote(String word) {
    if (!word.isEmpty() && word.chars().allMatch(c -> (c < 128 && Character.isLetterOrDigit(c)) || "@%+=:,./_-".indexOf(c) >= 0)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
