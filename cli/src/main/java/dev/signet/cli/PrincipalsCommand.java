package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
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

/** {@code signet admin principals list|get|create|update|delete}. */
@Command(
    name = "principals",
    synopsisSubcommandLabel = "COMMAND",
    description = "List, show, create, change and delete principals.",
    commandListHeading = "%nCommands:%n")
final class PrincipalsCommand implements Callable<Integer> {
  static final List<Table.Column> LIST = List.of(
      Table.Column.of("NAME", "name"), Table.Column.of("ROLES", "roles"), Table.Column.of("SCOPES", "scopes"),
      Table.Column.of("ENABLED", "enabled"), Table.Column.of("JWKS_URI", "jwks_uri"), Table.Column.of("CREATED", "created_at"));
  static final List<Table.Column> FIELDS = List.of(
      Table.Column.of("name", "name"), Table.Column.of("roles", "roles"), Table.Column.of("scopes", "scopes"),
      Table.Column.of("enabled", "enabled"), Table.Column.of("jwks_uri", "jwks_uri"),
      Table.Column.of("created_at", "created_at"), Table.Column.of("updated_at", "updated_at"));

  @Spec CommandSpec spec;

  private final AdminCommand admin;

  PrincipalsCommand(AdminCommand admin) {
    this.admin = admin;
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List every principal.")
  int list() {
    JsonNode principals = admin.api().list("/admin/principals", Map.of(), Integer.MAX_VALUE);
    admin.print(principals, Table.rows(principals, LIST));
    return ExitCode.OK;
  }

  @Command(name = "get", description = "Show one principal.")
  int get(@Parameters(paramLabel = "NAME", description = "The principal's name.") String name) {
    show(admin.api().get(path(name)));
    return ExitCode.OK;
  }

  @Command(name = "create", description = "Create a principal (enabled unless --disabled).")
  int create(
      @Parameters(paramLabel = "NAME", description = "1-64 of A-Z a-z 0-9 . _ @ -") String name,
      @Option(names = "--role", paramLabel = "ROLE",
          description = "A role (repeatable); admin grants this API, key-reader only reading a principal and its keys.")
      @Nullable List<String> roles,
      @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope the principal may be granted (repeatable).") @Nullable List<String> scopes,
      @Option(names = "--jwks-uri", paramLabel = "URL", description = "Where the principal publishes its public keys (JWKS).") @Nullable String jwksUri,
      @Option(names = "--disabled", description = "Create it disabled.") boolean disabled,
      @Option(names = "--dpop-required", description = "Issue it access tokens only DPoP-bound (RFC 9449).") boolean dpopRequired) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("roles", roles == null ? List.of() : roles);
    body.put("scopes", scopes == null ? List.of() : scopes);
    body.put("enabled", !disabled);
    if (dpopRequired) {
      body.put("dpop_required", true);
    }
    if (jwksUri != null) {
      body.put("jwks_uri", jwksUri);
    }
    show(admin.api().post("/admin/principals", body));
    return ExitCode.OK;
  }

  @Command(name = "update", description = "Change a principal; what is not given stays as it is.")
  int update(
      @Parameters(paramLabel = "NAME", description = "The principal's name.") String name,
      @Option(names = "--role", paramLabel = "ROLE", description = "Its roles become these (repeatable).") @Nullable List<String> roles,
      @Option(names = "--no-roles", description = "Remove every role.") boolean noRoles,
      @Option(names = "--scope", paramLabel = "SCOPE", description = "Its scopes become these (repeatable).") @Nullable List<String> scopes,
      @Option(names = "--no-scopes", description = "Remove every scope.") boolean noScopes,
      @Option(names = "--jwks-uri", paramLabel = "URL", description = "A new JWKS URL; \"\" removes it.") @Nullable String jwksUri,
      @Option(names = "--enable", description = "Enable the principal.") boolean enable,
      @Option(names = "--disable", description = "Disable it: its requests are refused, its keys kept.") boolean disable,
      @Option(names = "--dpop-required", negatable = true,
          description = "Issue it access tokens only DPoP-bound (RFC 9449); --no-dpop-required lifts that.") @Nullable Boolean dpopRequired) {
    Usage.check(!(enable && disable), "give --enable or --disable, not both");
    Usage.check(roles == null || !noRoles, "give --role or --no-roles, not both");
    Usage.check(scopes == null || !noScopes, "give --scope or --no-scopes, not both");
    Map<String, Object> body = new LinkedHashMap<>();
    if (roles != null || noRoles) {
      body.put("roles", roles == null ? List.of() : roles);
    }
    if (scopes != null || noScopes) {
      body.put("scopes", scopes == null ? List.of() : scopes);
    }
    if (jwksUri != null) {
      body.put("jwks_uri", jwksUri);
    }
    if (enable || disable) {
      body.put("enabled", enable);
    }
    if (dpopRequired != null) {
      body.put("dpop_required", dpopRequired);
    }
    Usage.check(!body.isEmpty(),
        "nothing to change: give --role, --no-roles, --scope, --no-scopes, --jwks-uri, --enable, --disable or --[no-]dpop-required");
    show(admin.api().patch(path(name), body));
    return ExitCode.OK;
  }

  @Command(name = "delete", description = "Delete a principal with its keys and enrollment codes.")
  int delete(@Parameters(paramLabel = "NAME", description = "The principal's name.") String name) {
    admin.api().delete(path(name));
    admin.done("deleted principal '" + name + "'");
    return ExitCode.OK;
  }

  private void show(JsonNode principal) {
    admin.print(principal, Table.fields(principal, FIELDS));
  }

  static String path(String name) {
    return "/admin/principals/" + Urls.segment(name, "principal name");
  }
}
