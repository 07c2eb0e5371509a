package dev.signet.cli;

import dev.signet.Decryption;
import dev.signet.DecryptionKey;
import dev.signet.JweDecrypter;
import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet jwe decrypt}: a compact JWE (argument or stdin) decrypted with a private key, the
 * plaintext on stdout; for a nested JWT, the inner signed token (check it with {@code token verify}).
 */
@Command(
    name = "decrypt",
    sortOptions = false,
    description = {"Decrypt a compact JWE with your private key and print the plaintext (for a nested JWT: the inner token).",
        "Exit status: 0 decrypted, 1 refused (the reason on stderr), 2 usage error."})
final class JweDecryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Host host;

  @Parameters(index = "0", arity = "0..1", paramLabel = "JWE|-", description = "The JWE, or - (the default) to read it from stdin.")
  String jwe = "-";

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key (PEM or JWK) the JWE was encrypted to; "
      + KeyPaths.RULE + ".")
  Path key;

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  JweDecryptCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    Path path = KeyPaths.resolve(host, key);
    Usage.check(java.nio.file.Files.exists(path), KeyPaths.missing(key, path, "key file"));
    DecryptionKey ours;
    try {
      ours = DecryptionKey.parse(Inputs.text(path, Inputs.MAX_KEY_FILE, "key file"), passphrase.read(host));
    } catch (UnusableKeyException e) {
      throw CliError.usage(path + ": " + e.getMessage(), e);
    }
    String text = jwe.equals("-") ? stdin() : jwe;
    return switch (JweDecrypter.builder(ours).build().decrypt(text.strip())) {
      case Decryption.Refused(Decryption.Reason reason, String detail) ->
          throw CliError.failure("cannot decrypt: " + reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail);
      case Decryption.Decrypted d -> {
        spec.commandLine().getOut().print(d.isNested() ? d.innerToken().orElseThrow() + "\n" : d.text());
        spec.commandLine().getOut().flush();
        yield ExitCode.OK;
      }
    };
  }

  private String stdin() {
    try {
      byte[] bytes = host.stdin().readNBytes(JweDecrypter.DEFAULT_MAX_LENGTH + 1);
      Usage.check(bytes.length <= JweDecrypter.DEFAULT_MAX_LENGTH, "stdin is longer than a JWE may be here");
      return new String(bytes, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw CliError.failure("cannot read stdin: " + e.getMessage(), e);
    }
  }
}
