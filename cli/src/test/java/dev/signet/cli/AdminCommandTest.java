package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code signet admin principals …} and what every admin command shares: signing, errors, output. */
class AdminCommandTest extends AdminCommandTestBase {
  @Test
  void principalsCreate_rolesAndScopes_printsFieldsAligned() {
    Cli.Result r = admin("principals", "create", "erin", "--role", "reader", "--scope", "orders:read", "--scope", "orders:write");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("name        erin\n"
        + "roles       reader\n"
        + "scopes      orders:read,orders:write\n"
        + "enabled     true\n"
        + "jwks_uri    -\n"
        + "created_at  20").containsPattern("\nupdated_at  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n$");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void principalsList_table_columnsAlignedOneRowEach() {
    server.createPrincipal("frank-with-a-long-name", "ops");

    Cli.Result r = admin("principals", "list");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.getFirst()).matches("NAME +ROLES +SCOPES +ENABLED +JWKS_URI +CREATED");
    String frank = lines.stream().filter(l -> l.startsWith("frank-with-a-long-name ")).findFirst().orElseThrow();
    String adminRow = lines.stream().filter(l -> l.startsWith("admin ")).findFirst().orElseThrow();
    assertThat(frank.indexOf("ops")).isEqualTo(lines.getFirst().indexOf("ROLES"));
    assertThat(adminRow.indexOf(" admin ") + 1).isEqualTo(lines.getFirst().indexOf("ROLES"));
    assertThat(frank).containsPattern("  true +-  +\\d{4}-");
  }

  @Test
  void principalsList_jsonBeforeOrAfterTheCommand_serversJsonPretty() {
    Cli.Result before = cli.run("admin", "--server", server.url(), "--key", server.adminKeyFile.toString(), "--json", "principals", "list");
    Cli.Result after = admin("principals", "list", "--json");

    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(after.out()).isEqualTo(before.out());
    JsonNode principals = TestServer.parse(after.out());
    assertThat(principals.isArray()).isTrue();
    assertThat(principals).extracting(p -> p.path("name").textValue()).contains("admin");
    assertThat(after.out()).startsWith("[\n  {\n    \"name\": ");
  }

  @Test
  void principalsUpdateGetDelete_changesOnlyWhatIsGiven() {
    server.createPrincipal("gina", "reader");

    Cli.Result updated = admin("principals", "update", "gina", "--disable", "--scope", "s1", "--json");
    Cli.Result got = admin("principals", "get", "gina");
    Cli.Result deleted = admin("principals", "delete", "gina");
    Cli.Result gone = admin("principals", "get", "gina");

    assertThat(updated.exitCode()).as(updated.err()).isZero();
    JsonNode gina = TestServer.parse(updated.out());
    assertThat(gina.path("enabled").booleanValue()).isFalse();
    assertThat(gina.path("roles")).isEqualTo(TestServer.parse("[\"reader\"]"));
    assertThat(gina.path("scopes")).isEqualTo(TestServer.parse("[\"s1\"]"));
    assertThat(got.out()).contains("roles       reader\n", "scopes      s1\n", "enabled     false\n");
    assertThat(deleted.out()).isEqualTo("deleted principal 'gina'\n");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("signet: GET /admin/principals/gina: the server answered 404 not_found: no principal named 'gina'\n");
  }

  @Test
  void principalsUpdate_noRolesAndJwksUri_sent() {
    server.createPrincipal("hank", "reader");

    Cli.Result r = admin("principals", "update", "hank", "--no-roles", "--enable", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(TestServer.parse(r.out()).path("roles")).isEmpty();
  }

  @Test
  void principalsCreateAndUpdate_dpopRequired_setAndLifted() {
    assertThat(admin("principals", "create", "dora", "--dpop-required").exitCode()).isZero();
    assertThat(admin("principals", "get", "dora", "--json").out()).contains("\"dpop_required\": true");

    Cli.Result lifted = admin("principals", "update", "dora", "--no-dpop-required", "--json");

    assertThat(lifted.exitCode()).as(lifted.err()).isZero();
    assertThat(lifted.out()).contains("\"dpop_required\": false");
  }

  @Test
  void principalsUpdate_contradictoryOrEmpty_exit2WithoutCallingServer() {
    assertThat(admin("principals", "update", "x").err()).isEqualTo("signet: nothing to change: give --role, --no-roles, "
        + "--scope, --no-scopes, --jwks-uri, --enable, --disable or --[no-]dpop-required\n");
    assertThat(admin("principals", "update", "x", "--enable", "--disable").err()).isEqualTo("signet: give --enable or --disable, not both\n");
    assertThat(admin("principals", "update", "x", "--role", "a", "--no-roles").err()).isEqualTo("signet: give --role or --no-roles, not both\n");
    assertThat(admin("principals", "get", "..").err()).isEqualTo("signet: principal name: '..' is not a name\n");
  }

  @Test
  void principalsCreate_invalidName_exit1WithServersMessage() {
    Cli.Result r = admin("principals", "create", "no spaces allowed");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: POST /admin/principals: the server answered 400 invalid_request: ");
  }

  @Test
  void principalsCreate_duplicate_exit1Conflict() {
    server.createPrincipal("ivan");

    Cli.Result r = admin("principals", "create", "ivan");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: POST /admin/principals: the server answered 409 conflict: ");
  }

  @Test
  void admin_principalWithoutAdminRole_exit1Forbidden() {
    SigningKey jane = TestKeys.fresh(Algorithm.ES256);
    server.createPrincipal("jane", "reader");
    server.addKey("jane", jane);
    Path janeKey = KeyFixtures.privatePem(dir, "jane.pem", jane);

    Cli.Result r = cli.privateKey(jane.toPem()).run("admin", "--server", server.url(), "--key", janeKey.toString(),
        "--principal", "jane", "principals", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: GET /admin/principals: the server answered 403 insufficient_scope "
        + "(principal 'jane' lacks the admin role)\n");
  }

  @Test
  void admin_unregisteredKey_exit1Unauthorized() {
    Path stranger = KeyFixtures.privatePem(dir, "stranger.pem", TestKeys.fresh(Algorithm.ES256));

    Cli.Result r = cli.run("admin", "--server", server.url(), "--key", stranger.toString(), "principals", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: GET /admin/principals: the server answered 401 invalid_token "
        + "(is this key registered for principal 'admin', and this machine's clock right? the server's log says which check failed)\n");
  }

  @Test
  void admin_everyRequestSignedAndBound() {
    try (StubServer stub = StubServer.answering(200, "application/json", "[]")) {
      cli.run("admin", "--server", stub.url() + "/base/", "--key", server.adminKeyFile.toString(), "principals", "list");
      cli.run("admin", "--server", stub.url() + "/base", "--key", server.adminKeyFile.toString(),
          "audit", "--principal", "a b", "--limit", "5");

      StubServer.Recorded list = stub.requests().get(0);
      StubServer.Recorded audit = stub.requests().get(1);
      assertThat(list.uri().getPath()).isEqualTo("/base/admin/principals");
      Map<String, Object> claims = KeyFixtures.payload(list.header("Authorization").substring(4));
      assertThat(claims).containsEntry("username", "admin").containsEntry("htm", "GET")
          .containsEntry("htu", stub.url() + "/base/admin/principals").doesNotContainKey("bsh");
      assertThat(audit.uri().getRawQuery()).isEqualTo("principal=a%20b&limit=5");
      assertThat(KeyFixtures.payload(audit.header("Authorization").substring(4))).containsKey("qsh");
      assertThat(list.header("Authorization")).isNotEqualTo(audit.header("Authorization"));
    }
  }

  @Test
  void admin_serverAnswersNonJson_exit1() {
    try (StubServer stub = StubServer.answering(200, "text/html", "<html>portal login</html>")) {
      Cli.Result r = cli.run("admin", "--server", stub.url(), "--key", server.adminKeyFile.toString(), "principals", "list");

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("signet: GET /admin/principals: the server's answer (200) is not JSON\n");
    }
  }

  @Test
  void admin_unreachable_exit1() {
    String url = StubServer.unreachableUrl();

    Cli.Result r = cli.run("admin", "--server", url, "--key", server.adminKeyFile.toString(), "principals", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: cannot connect to " + url + ": connection refused\n");
  }

  @Test
  void admin_usageErrors_exit2() {
    String key = server.adminKeyFile.toString();
    assertThat(cli.run("admin", "--key", key, "principals", "list").err())
        .isEqualTo("signet: missing required option '--server=URL' (see 'signet admin --help')\n");
    assertThat(cli.run("admin", "--server", server.url(), "principals", "list").err())
        .isEqualTo("signet: missing required option '--key=FILE'\n");
    assertThat(cli.run("admin", "--server", server.url() + "?x=1", "--key", key, "principals", "list").err())
        .isEqualTo("signet: --server: give the server's base URL, without a query\n");
    assertThat(cli.run("admin", "--server", server.url(), "--key", key, "principals").err())
        .isEqualTo("signet: missing command, one of: create, delete, get, list, update (see 'signet admin principals --help')\n");
    assertThat(cli.run("admin", "--server", server.url(), "--key", key, "--cacert", key, "--insecure", "principals", "list").err())
        .isEqualTo("signet: give --cacert or --insecure, not both\n");
    Cli.Result help = cli.run("admin", "keys", "add", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: signet admin keys add ");
  }
}
