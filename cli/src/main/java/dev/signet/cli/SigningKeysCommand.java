package dev.signet.cli;

import dev.signet.Algorithm;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin signing-keys list|rotate|retire}: the keys the server signs its tokens with
 * ({@code /admin/signing-keys}). A new key is published at once and signs after the server's
 * publish-ahead time; a retired key stays published until the tokens it signed have expired,
 * unless retired as compromised.
 */
@Command(
    name = "signing-keys",
    synopsisSubcommandLabel = "COMMAND",
    description = "List, rotate and retire the server's own signing keys.",
    commandListHeading = "%nCommands:%n")
final class SigningKeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final ServerKeyCalls calls;

  SigningKeysCommand(AdminCommand admin) {
    this.calls = new ServerKeyCalls(admin, "/admin/signing-keys");
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List the server's signing keys: pending, active, retired (still published) and unpublished.")
  int list() {
    return calls.list();
  }

  @Command(name = "rotate", description = {"Make a new signing key: published at once, signing after the server's publish-ahead time.",
      "Refused while a new key is still waiting to sign."})
  int rotate(
      @Option(names = "--alg", paramLabel = "ALG", converter = AlgorithmConverter.class,
          description = "Its algorithm (default: the algorithm the server is set to use for new keys).") @Nullable Algorithm alg) {
    return calls.rotate(alg == null ? null : alg.toString());
  }

  @Command(name = "retire", description = {"Stop signing with a key now. If it was signing, the waiting key, or a new one, takes over.",
      "It stays in the JWKS until the tokens it signed have expired, unless --compromised."})
  int retire(
      @Parameters(paramLabel = "KID", description = "The key's kid.") String kid,
      @Option(names = "--compromised", description = "Also remove it from the JWKS now: every token it signed is refused from then on.")
      boolean compromised) {
    return calls.retire(kid, compromised);
  }
}
