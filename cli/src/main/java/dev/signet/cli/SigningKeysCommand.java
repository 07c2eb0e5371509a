package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
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
  static final String PATH = "/admin/signing-keys";
  static final List<Table.Column> FIELDS = List.of(
      Table.Column.of("kid", "kid"), Table.Column.of("use", "use"), Table.Column.of("alg", "alg"), Table.Column.of("kty", "kty"),
      Table.Column.of("status", "status"), Table.Column.of("created_at", "created_at"), Table.Column.of("activates_at", "activates_at"),
      Table.Column.of("retires_at", "retires_at"), Table.Column.of("unpublish_at", "unpublish_at"));

  @Spec CommandSpec spec;

  private final AdminCommand admin;

  SigningKeysCommand(AdminCommand admin) {
    this.admin = admin;
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List the server's signing keys: pending, active, retired (still published) and unpublished.")
  int list() {
    JsonNode keys = admin.api().get(PATH);
    admin.print(keys, Table.rows(keys, List.of(
        Table.Column.of("KID", "kid"), Table.Column.of("ALG", "alg"), Table.Column.of("STATUS", "status"),
        Table.Column.of("ACTIVE_FROM", "activates_at"), Table.Column.of("RETIRES", "retires_at"),
        Table.Column.of("UNPUBLISHED", "unpublish_at"))));
    return ExitCode.OK;
  }

  @Command(name = "rotate", description = {"Make a new signing key: published at once, signing after the server's publish-ahead time.",
      "Refused while a new key is still waiting to sign."})
  int rotate(
      @Option(names = "--alg", paramLabel = "ALG", converter = AlgorithmConverter.class,
          description = "Its algorithm (default: the algorithm the server is set to use for new keys).") @Nullable Algorithm alg) {
    JsonNode key = admin.api().post(PATH, alg == null ? Map.of() : Map.of("alg", alg.toString()));
    admin.print(key, Table.fields(key, FIELDS));
    return ExitCode.OK;
  }

  @Command(name = "retire", description = {"Stop signing with a key now. If it was signing, the waiting key, or a new one, takes over.",
      "It stays in the JWKS until the tokens it signed have expired, unless --compromised."})
  int retire(
      @Parameters(paramLabel = "KID", description = "The key's kid.") String kid,
      @Option(names = "--compromised", description = "Also remove it from the JWKS now: every token it signed is refused from then on.")
      boolean compromised) {
    JsonNode key = admin.api().post(PATH + "/" + Urls.kid(kid) + "/retire", compromised ? Map.of("compromised", true) : Map.of());
    admin.print(key, Table.fields(key, FIELDS));
    return ExitCode.OK;
  }
}
