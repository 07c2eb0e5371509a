package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.KeyManagement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
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
  static final String PATH = "/admin/encryption-keys";

  @Spec CommandSpec spec;

  private final AdminCommand admin;

  EncryptionKeysCommand(AdminCommand admin) {
    this.admin = admin;
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List the server's encryption keys: pending, active, retired (still decrypting) and unpublished.")
  int list() {
    JsonNode keys = admin.api().get(PATH);
    admin.print(keys, Table.rows(keys, List.of(
        Table.Column.of("KID", "kid"), Table.Column.of("ALG", "alg"), Table.Column.of("STATUS", "status"),
        Table.Column.of("ACTIVE_FROM", "activates_at"), Table.Column.of("RETIRES", "retires_at"),
        Table.Column.of("UNPUBLISHED", "unpublish_at"))));
    return ExitCode.OK;
  }

  @Command(name = "rotate", description = {"Make a new encryption key: published (and decrypting) at once.",
      "Refused while a new key is still waiting to take over."})
  int rotate(
      @Option(names = "--alg", paramLabel = "ALG",
          description = "RSA-OAEP-256 (the default), ECDH-ES, ECDH-ES+A128KW or ECDH-ES+A256KW (P-256).") @Nullable String alg) {
    if (alg != null) {
      Usage.check(KeyManagement.fromJoseName(alg).isPresent(), "--alg must be one of " + java.util.Arrays.toString(KeyManagement.values()));
    }
    JsonNode key = admin.api().post(PATH, alg == null ? Map.of() : Map.of("alg", alg));
    admin.print(key, Table.fields(key, SigningKeysCommand.FIELDS));
    return ExitCode.OK;
  }

  @Command(name = "retire", description = {"Retire a key now; if it was active, the waiting key, or a new one, takes over.",
      "It keeps decrypting until it leaves the JWKS, unless --compromised."})
  int retire(
      @Parameters(paramLabel = "KID", description = "The key's kid.") String kid,
      @Option(names = "--compromised", description = "Also remove it from the JWKS now: nothing encrypted to it is decrypted from then on.")
      boolean compromised) {
    JsonNode key = admin.api().post(PATH + "/" + Urls.kid(kid) + "/retire", compromised ? Map.of("compromised", true) : Map.of());
    admin.print(key, Table.fields(key, SigningKeysCommand.FIELDS));
    return ExitCode.OK;
  }
}
