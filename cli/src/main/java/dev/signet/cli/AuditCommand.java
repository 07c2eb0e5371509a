package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code signet admin audit}: the audit log's entries (about one principal, or all), newest first. */
@Command(name = "audit", sortOptions = false,
    description = "Show the audit log's entries, newest first: registry changes, enrollments, authentications.")
final class AuditCommand implements Callable<Integer> {
  static final int DEFAULT_LIMIT = 100;

  private final AdminCommand admin;

  @Option(names = "--principal", paramLabel = "NAME",
      description = "Only entries about NAME (as actor or subject); without it, every entry, anonymous requests included.")
  @Nullable String principal;

  @Option(names = "--action", paramLabel = "ACTION", description = "Only this action (e.g. key.add, key.delete, authenticate).")
  @Nullable String action;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only entries from this instant (2026-03-01T10:00:00Z) or this long ago (30m, 2h).")
  @Nullable String since;

  @Option(names = "--limit", paramLabel = "N", description = "At most N entries, the newest (default 100); fetched page by page.")
  @Nullable Integer limit;

  AuditCommand(AdminCommand admin) {
    this.admin = admin;
  }

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    if (principal != null && !principal.isBlank()) {
      query.put("principal", principal);
    }
    if (action != null) {
      query.put("action", action);
    }
    if (since != null) {
      query.put("since", since(since).toString());
    }
    Usage.check(limit == null || limit > 0, "--limit must be positive: " + limit);
    JsonNode events = admin.api().list("/admin/audit", query, limit == null ? DEFAULT_LIMIT : limit);
    admin.print(events, Table.rows(events, List.of(
        Table.Column.of("AT", "at"), Table.Column.of("ACTOR", "actor"), Table.Column.of("ACTION", "action"),
        Table.Column.of("SUBJECT", "subject"), Table.Column.of("KID", "kid"), Table.Column.of("OUTCOME", "outcome"),
        Table.Column.of("REASON", "reason"))));
    return ExitCode.OK;
  }

  private Instant since(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException notAnInstant) {
      try {
        Duration ago = new DurationConverter().convert(text);
        return admin.host().clock().instant().minus(ago);
      } catch (TypeConversionException e) {
        throw CliError.usage("--since: '" + text + "' is neither an instant (2026-03-01T10:00:00Z) nor a duration (30m, 2h)");
      }
    }
  }
}
