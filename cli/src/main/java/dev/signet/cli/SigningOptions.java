package dev.signet.cli;

import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --key}, {@code --kid} and the key's passphrase and provider: what signs request tokens. */
final class SigningOptions {
  // required, but checked at use: picocli would otherwise refuse 'admin keys list --help'
  @Option(names = "--key", paramLabel = "FILE",
      description = "Required: the private key (PEM or JWK) that signs a fresh request token for every request; "
          + KeyPaths.RULE + ".")
  @Nullable Path key;

  @Option(names = "--kid", paramLabel = "KID",
      description = "The kid in the tokens' header (default: the key's RFC 7638 thumbprint, as the server registers it).")
  @Nullable String kid;

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  @Mixin CryptoOption crypto = new CryptoOption();

  TokenSigner signer(Host host) {
    Path file = key;
    if (file == null) {
      throw CliError.usage("missing required option '--key=FILE'");
    }
    SigningKey signingKey = KeyFiles.signingKey(host, file, passphrase.read(host));
    if (kid != null) {
      try {
        signingKey = signingKey.withKid(kid);
      } catch (IllegalArgumentException e) {
        throw CliError.usage("--kid: " + e.getMessage(), e);
      }
    }
    return TokenSigner.of(signingKey, host.clock(), crypto.provider().orElse(null));
  }
}
