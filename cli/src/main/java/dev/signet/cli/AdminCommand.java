package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin}: the server's registry API. Holds what every admin command shares: the
 * server, the admin's key and principal, TLS options, and {@code --json}; its subcommands, wired
 * in {@link Commands}, reach the API through {@link #api()} and print through {@link #print}.
 */
@Command(
    name = "admin",
    sortOptions = false,
    synopsisSubcommandLabel = "COMMAND",
    description = {"Manage the server's principals, keys, enrollment codes and audit log.",
        "Each request is signed with a fresh request token of --principal, bound to the request.",
        "The options below go before the command (--json may go anywhere), for example:",
        "  signet admin --server URL --key admin.pem principals list"},
    commandListHeading = "%nCommands:%n")
final class AdminCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Host host;
  private @Nullable AdminApi api;

  // required, but checked at use: picocli would otherwise refuse 'admin keys list --help'
  @Option(names = "--server", paramLabel = "URL", description = "Required: the server's base URL (http://127.0.0.1:8080).")
  @Nullable String server;

  @Option(names = "--principal", paramLabel = "NAME", defaultValue = "admin",
      description = "The principal the key belongs to; it needs the admin role (default: ${DEFAULT-VALUE}).")
  String principal = "admin";

  @Mixin SigningOptions signing = new SigningOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the server's JSON answer (pretty-printed) instead of a table.")
  boolean json;

  AdminCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  Host host() {
    return host;
  }

  /** The API client, made on first use (so that a usage error in a subcommand needs no key). */
  AdminApi api() {
    if (api == null) {
      String url = server;
      if (url == null) {
        throw CliError.usage("missing required option '--server=URL' (see 'signet admin --help')");
      }
      api = new AdminApi(Urls.server(url), http.transport(spec.commandLine().getErr()),
          new RequestSigner(signing.signer(host), principal, null));
    }
    return api;
  }

  /** {@code answer} pretty-printed with {@code --json}, else {@code forPeople}. */
  void print(JsonNode answer, String forPeople) {
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? Json.pretty(answer) + "\n" : forPeople);
    out.flush();
  }

  /** For answers without a body (204): a line for people, nothing with {@code --json}. */
  void done(String line) {
    if (!json) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(line);
      out.flush();
    }
  }
}
