package dev.signet.cli;

import dev.signet.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Key files in a test's directory, and a look inside tokens. */
final class KeyFixtures {
  private KeyFixtures() {}

  static Path privatePem(Path dir, String name, SigningKey key) {
    return write(dir.resolve(name), key.toPem());
  }

  static Path publicPem(Path dir, String name, SigningKey key) {
    return write(dir.resolve(name), key.publicKey().toPem());
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> header(String token) {
    return UnverifiedToken.parse(token).header();
  }

  static Map<String, Object> payload(String token) {
    return UnverifiedToken.parse(token).payload();
  }
}
