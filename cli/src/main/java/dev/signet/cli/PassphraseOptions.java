package dev.signet.cli;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --passphrase-file} and {@code --passphrase-env}: where a key's passphrase comes from.
 * Never from the command line itself, where other users could see it in the process list.
 */
final class PassphraseOptions {
  private static final int MAX_FILE = 4096;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "The key's passphrase: the first line of FILE.")
  @Nullable Path file;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "The key's passphrase: the value of environment variable VAR.")
  @Nullable String variable;

  boolean given() {
    return file != null || variable != null;
  }

  /** These options as given, for a command line printed for the user to run next. */
  List<String> asArguments() {
    return file != null ? List.of("--passphrase-file", file.toString())
        : variable != null ? List.of("--passphrase-env", variable) : List.of();
  }

  /** The passphrase, or null when none was asked for. */
  char @Nullable [] read(Host host) {
    Usage.check(file == null || variable == null, "give --passphrase-file or --passphrase-env, not both");
    String passphrase;
    if (file != null) {
      String text = Inputs.text(file, MAX_FILE, "passphrase file");
      int end = text.indexOf('\n');
      passphrase = (end < 0 ? text : text.substring(0, end)).replaceFirst("\r$", "");
      Usage.check(!passphrase.isEmpty(), "passphrase file " + file + " starts with an empty line");
    } else if (variable != null) {
      String name = variable;
      passphrase = host.env(name).orElseThrow(() -> CliError.usage("environment variable " + name + " is not set"));
      Usage.check(!passphrase.isEmpty(), "environment variable " + name + " is empty");
    } else {
      return null;
    }
    return passphrase.toCharArray();
  }
}
