package dev.signet.cli;

import dev.signet.SigningKey;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keys read from the user's files, named as {@link KeyPaths} says; an unusable key is a usage
 * error naming the file.
 */
final class KeyFiles {
  private KeyFiles() {}

  /** A private key: PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1) or a private JWK. */
  static SigningKey signingKey(Host host, Path given, char @Nullable [] passphrase) {
    Path path = KeyPaths.resolve(host, given);
    String text = read(given, path, "key file");
    try {
      return SigningKey.parse(text, passphrase);
    } catch (UnusableKeyException e) {
      throw CliError.usage(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The public keys in a {@code --key} file: PEM, JWK, JWKS or an OpenSSH line. A private key
   * file is accepted too, and only its public half is used.
   */
  static List<VerificationKey> verificationKeys(Host host, Path given, char @Nullable [] passphrase) {
    Path path = KeyPaths.resolve(host, given);
    return verificationKeys(path, read(given, path, "key file"), passphrase);
  }

  /** As {@link #verificationKeys(Host, Path, char[])} for a file named by path only ({@code --jwks FILE}); {@code what} names it. */
  static List<VerificationKey> verificationKeys(Path path, char @Nullable [] passphrase, String what) {
    return verificationKeys(path, Inputs.text(path, Inputs.MAX_KEY_FILE, what), passphrase);
  }

  private static List<VerificationKey> verificationKeys(Path path, String text, char @Nullable [] passphrase) {
    try {
      return VerificationKey.parseAll(text);
    } catch (UnusableKeyException notPublic) {
      if (!looksPrivate(text)) {
        throw CliError.usage(path + ": " + notPublic.getMessage(), notPublic);
      }
      try {
        return List.of(SigningKey.parse(text, passphrase).publicKey());
      } catch (UnusableKeyException e) {
        throw CliError.usage(path + ": " + e.getMessage(), e);
      }
    }
  }

  private static String read(Path given, Path path, String what) {
    if (!Files.exists(path)) {
      throw CliError.usage(KeyPaths.missing(given, path, what));
    }
    return Inputs.text(path, Inputs.MAX_KEY_FILE, what);
  }

  private static boolean looksPrivate(String text) {
    String t = text.strip();
    return t.contains("PRIVATE KEY-----") || (t.startsWith("{") && t.contains("\"d\""));
  }
}
