package dev.signet.cli;

import dev.signet.KeyManagement;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin encryption-keys list|rotate|retire}: the keys clients encrypt to
 * ({@code /admin/encryption-keys}, {@code use: enc} in the JWKS). Every published key decrypts:
 * a rotated-out key keeps decrypting until it leaves the JWKS, unless retired as compromised.
 */
@Command(
    name = "encryption-keys",
    synopsisSubcommandLabel = "COMMAND",
    description = "List, rotate and retire the server's encryption keys (use: enc, for JWE).",
    commandListHeading = "%nCommands:%n")
final class EncryptionKeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final ServerKeyCalls calls;

  EncryptionKeysCommand(AdminCommand admin) {
    this.calls = new ServerKeyCalls(admin, "/admin/encryption-keys");
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List the server's encryption keys: pending, active, retired (still decrypting) and unpublished.")
  int list() {
    return calls.list();
  }

  @Command(name = "rotate", description = {"Make a new encryption key: published (and decrypting) at once.",
      "Refused while a new key is still waiting to take over."})
  int rotate(
      @Option(names = "--alg", paramLabel = "ALG",
          description = "RSA-OAEP-256 (the default), ECDH-ES, ECDH-ES+A128KW or ECDH-ES+A256KW (P-256).") @Nullable String alg) {
    if (alg != null) {
      Usage.check(KeyManagement.fromJoseName(alg).isPresent(), "--alg must be one of " + Arrays.toString(KeyManagement.values()));
    }
    return calls.rotate(alg);
  }

  @Command(name = "retire", description = {"Retire a key now; if it was active, the waiting key, or a new one, takes over.",
      "It keeps decrypting until it leaves the JWKS, unless --compromised."})
  int retire(
      @Parameters(paramLabel = "KID", description = "The key's kid.") String kid,
      @Option(names = "--compromised", description = "Also remove it from the JWKS now: nothing encrypted to it is decrypted from then on.")
      boolean compromised) {
    return calls.retire(kid, compromised);
  }
}
