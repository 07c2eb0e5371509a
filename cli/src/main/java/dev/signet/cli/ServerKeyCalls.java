package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ExitCode;

/**
 * What {@code signet admin signing-keys} and {@code encryption-keys} do, each against its own
 * collection ({@code /admin/signing-keys}, {@code /admin/encryption-keys}): the two commands differ
 * in their help texts and in how {@code --alg} is checked, not in their calls or output.
 */
record ServerKeyCalls(AdminCommand admin, String path) {
  static final List<Table.Column> FIELDS = List.of(
      Table.Column.of("kid", "kid"), Table.Column.of("use", "use"), Table.Column.of("alg", "alg"), Table.Column.of("kty", "kty"),
      Table.Column.of("status", "status"), Table.Column.of("created_at", "created_at"), Table.Column.of("activates_at", "activates_at"),
      Table.Column.of("retires_at", "retires_at"), Table.Column.of("unpublish_at", "unpublish_at"));
  private static final List<Table.Column> COLUMNS = List.of(
      Table.Column.of("KID", "kid"), Table.Column.of("ALG", "alg"), Table.Column.of("STATUS", "status"),
      Table.Column.of("ACTIVE_FROM", "activates_at"), Table.Column.of("RETIRES", "retires_at"),
      Table.Column.of("UNPUBLISHED", "unpublish_at"));

  int list() {
    JsonNode keys = admin.api().get(path);
    admin.print(keys, Table.rows(keys, COLUMNS));
    return ExitCode.OK;
  }

  /** @param alg the new key's algorithm, already checked, or null for the server's configured one */
  int rotate(@Nullable String alg) {
    JsonNode key = admin.api().post(path, alg == null ? Map.of() : Map.of("alg", alg));
    admin.print(key, Table.fields(key, FIELDS));
    return ExitCode.OK;
  }

  int retire(String kid, boolean compromised) {
    JsonNode key = admin.api().post(path + "/" + Urls.kid(kid) + "/retire", compromised ? Map.of("compromised", true) : Map.of());
    admin.print(key, Table.fields(key, FIELDS));
    return ExitCode.OK;
  }
}
