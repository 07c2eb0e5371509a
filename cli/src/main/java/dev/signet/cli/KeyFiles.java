package dev.signet.cli;

import dev.signet.SigningKey;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Keys read from the user's files; an unusable key is a usage error naming the file. */
final class KeyFiles {
  private KeyFiles() {}

  /** A private key: PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1) or a private JWK. */
  static SigningKey signingKey(Path path, char @Nullable [] passphrase) {
    String text = Inputs.text(path, Inputs.MAX_KEY_FILE, "key file");
    try {
      return SigningKey.parse(text, passphrase);
    } catch (UnusableKeyException e) {
      throw CliError.usage(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The public keys in a file: PEM, JWK, JWKS or an OpenSSH line. A private key file is accepted
   * too, and only its public half is used.
   */
  static List<VerificationKey> verificationKeys(Path path, char @Nullable [] passphrase) {
    return verificationKeys(path, passphrase, "key file");
  }

  /** As {@link #verificationKeys(Path, char[])}; {@code what} names the file in messages ("JWKS file"). */
  static List<VerificationKey> verificationKeys(Path path, char @Nullable [] passphrase, String what) {
    String text = Inputs.text(path, Inputs.MAX_KEY_FILE, what);
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

  private static boolean looksPrivate(String text) {
    String t = text.strip();
    return t.contains("PRIVATE KEY-----") || (t.startsWith("{") && t.contains("\"d\""));
  }
}
