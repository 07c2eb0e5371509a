package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
 * {@code signet admin enrollments create|list|revoke}: one-time codes with which a principal
 * enrolls a key it generated itself ({@code signet enroll}). {@code create} is the only command
 * that ever prints a code: handing it over is its purpose.
 */
@Command(
    name = "enrollments",
    synopsisSubcommandLabel = "COMMAND",
    description = "Create, list and revoke one-time enrollment codes.",
    commandListHeading = "%nCommands:%n")
final class EnrollmentsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final AdminCommand admin;

  EnrollmentsCommand(AdminCommand admin) {
    this.admin = admin;
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "create", description = {"Create a one-time enrollment code for a principal and print it.",
      "Its holder runs: signet enroll --server URL --code CODE --key FILE"})
  int create(
      @Parameters(paramLabel = "NAME", description = "The principal the code enrolls a key for.") String name,
      @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
          description = "How long the code stays valid (default: the server's enrollment-ttl setting, 15m).") @Nullable Duration ttl) {
    Usage.check(ttl == null || (!ttl.isNegative() && !ttl.isZero()), "--ttl must be positive: " + ttl);
    JsonNode issued = admin.api().post(path(name), ttl == null ? Map.of() : Map.of("ttl", ttl.toString()));
    admin.print(issued, Table.fields(issued, List.of(
        Table.Column.of("code", "code"), Table.Column.of("id", "id"), Table.Column.of("principal", "principal"),
        Table.Column.of("expires_at", "expires_at"))));
    return ExitCode.OK;
  }

  @Command(name = "list", description = "List a principal's enrollment codes (never the codes themselves).")
  int list(@Parameters(paramLabel = "NAME", description = "The principal's name.") String name) {
    JsonNode enrollments = admin.api().list(path(name), Map.of(), Integer.MAX_VALUE);
    admin.print(enrollments, Table.rows(enrollments, List.of(
        Table.Column.of("ID", "id"), Table.Column.of("STATUS", "status"), Table.Column.of("CREATED", "created_at"),
        Table.Column.of("EXPIRES", "expires_at"), Table.Column.of("CREATED_BY", "created_by"),
        Table.Column.of("USED", "used_at"), Table.Column.of("USED_KID", "used_kid"))));
    return ExitCode.OK;
  }

  @Command(name = "revoke", description = "Revoke an unused enrollment code.")
  int revoke(
      @Parameters(index = "0", paramLabel = "NAME", description = "The principal's name.") String name,
      @Parameters(index = "1", paramLabel = "ID", description = "The enrollment's id (from list).") long id) {
    JsonNode revoked = admin.api().delete(path(name) + "/" + id);
    admin.print(revoked, "revoked enrollment " + id + " of principal '" + name + "'\n");
    return ExitCode.OK;
  }

  private static String path(String name) {
    return PrincipalsCommand.path(name) + "/enrollments";
  }
}
