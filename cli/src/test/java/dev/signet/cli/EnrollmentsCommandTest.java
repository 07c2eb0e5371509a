package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code signet admin enrollments …} and {@code signet admin audit}. */
class EnrollmentsCommandTest extends AdminCommandTestBase {
  @Test
  void enrollmentsCreate_ttl_printsTheCodeOnceAndItEnrolls() {
    server.createPrincipal("olga");

    Cli.Result created = admin("enrollments", "create", "olga", "--ttl", "10m");

    assertThat(created.exitCode()).as(created.err()).isZero();
    List<String> lines = created.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("code        \\S{16,}");
    assertThat(lines.get(2)).isEqualTo("principal   olga");
    Instant expires = Instant.parse(lines.get(3).substring(12));
    assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
    String code = lines.get(0).substring(12);

    Cli.Result list = admin("enrollments", "list", "olga");
    Cli.Result listJson = admin("enrollments", "list", "olga", "--json");
    Cli.Result enrolled = cli.run("enroll", "--server", server.url(), "--code", code, "--key", dir.resolve("olga.pem").toString());
    Cli.Result afterUse = admin("enrollments", "list", "olga");
    Cli.Result revokeUsed = admin("enrollments", "revoke", "olga", lines.get(1).substring(12));

    assertThat(list.out()).doesNotContain(code).containsPattern("\n\\d+ +pending +\\d{4}-");
    assertThat(list.out().lines().toList().getFirst()).matches("ID +STATUS +CREATED +EXPIRES +CREATED_BY +USED +USED_KID");
    assertThat(listJson.out()).doesNotContain(code);
    assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
    assertThat(afterUse.out()).containsPattern("\n\\d+ +used +.* admin +\\d{4}-\\S+ +\\S{43}\n");
    assertThat(revokeUsed.exitCode()).isEqualTo(1);
    assertThat(revokeUsed.err()).startsWith("signet: DELETE /admin/principals/olga/enrollments/" + lines.get(1).substring(12)
        + ": the server answered 409 conflict: ");
  }

  @Test
  void enrollmentsRevoke_revokedCodeNoLongerEnrolls() {
    server.createPrincipal("pia");
    JsonNode created = TestServer.parse(admin("enrollments", "create", "pia", "--json").out());
    long id = created.path("id").longValue();

    Cli.Result revoked = admin("enrollments", "revoke", "pia", String.valueOf(id));
    Cli.Result enroll = cli.run("enroll", "--server", server.url(), "--code", created.path("code").textValue(),
        "--key", dir.resolve("pia.pem").toString());
    Cli.Result again = admin("enrollments", "revoke", "pia", String.valueOf(id));

    assertThat(revoked.out()).isEqualTo("revoked enrollment " + id + " of principal 'pia'\n");
    assertThat(enroll.exitCode()).isEqualTo(1);
    assertThat(again.exitCode()).as("revoking is idempotent").isZero();
  }

  @Test
  void enrollments_badArguments_exit2() {
    assertThat(admin("enrollments", "create", "pia", "--ttl", "soon").err())
        .startsWith("signet: Invalid value for option '--ttl': not a duration: 'soon'");
    assertThat(admin("enrollments", "create", "pia", "--ttl", "0s").err()).isEqualTo("signet: --ttl must be positive: PT0S\n");
    assertThat(admin("enrollments", "revoke", "pia", "seven").err())
        .startsWith("signet: Invalid value for positional parameter at index 1 (ID): 'seven' is not a long");
  }

  @Test
  void enrollmentsCreate_ttlBeyondServersLimit_exit1WithServersAnswer() {
    server.createPrincipal("quinn");

    Cli.Result r = admin("enrollments", "create", "quinn", "--ttl", "4000h");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("signet: POST /admin/principals/quinn/enrollments: the server answered 400")
        .contains("field 'ttl' must be a positive duration of at most PT168H, not PT4000H");
  }

  @Test
  void audit_filters_tableAndJson() {
    server.createPrincipal("rosa");
    admin("enrollments", "create", "rosa");
    admin("principals", "update", "rosa", "--scope", "x");

    Cli.Result all = admin("audit", "--principal", "rosa", "--since", "1h");
    Cli.Result updates = admin("audit", "--principal", "rosa", "--action", "principal.update", "--json");
    Cli.Result one = admin("audit", "--principal", "rosa", "--limit", "1");

    assertThat(all.exitCode()).as(all.err()).isZero();
    List<String> lines = all.out().lines().toList();
    assertThat(lines.getFirst()).matches("AT +ACTOR +ACTION +SUBJECT +KID +OUTCOME +REASON");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).containsPattern("^\\d{4}-\\S+Z +admin +principal.update +rosa +- +success ");
    JsonNode events = TestServer.parse(updates.out());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("action").textValue()).isEqualTo("principal.update");
    assertThat(one.out().lines()).hasSize(2);
  }

  @Test
  void audit_noPrincipal_everyEntryIncludingAnonymousRequests() throws Exception {
    server.createPrincipal("sven");
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url() + "/whoami")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    Cli.Result everything = awaitAudit(r -> r.out().contains("NO_TOKEN"), "audit", "--limit", "1000");

    assertThat(everything.exitCode()).as(everything.err()).isZero();
    assertThat(everything.out()).contains(" sven ").containsPattern("authenticate +- +- +failure +NO_TOKEN: no Authorization");
  }

  /** {@code signet admin ARGS} until its result satisfies {@code done} (the audit log is written asynchronously). */
  private Cli.Result awaitAudit(Predicate<Cli.Result> done, String... args) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Cli.Result r = admin(args);
    while (!done.test(r) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = admin(args);
    }
    return r;
  }

  @Test
  void audit_badArguments_exit2Or1() {
    assertThat(admin("audit", "--principal", "rosa", "--since", "yesterday").err())
        .isEqualTo("signet: --since: 'yesterday' is neither an instant (2026-03-01T10:00:00Z) nor a duration (30m, 2h)\n");
    assertThat(admin("audit", "--principal", "rosa", "--limit", "0").err()).isEqualTo("signet: --limit must be positive: 0\n");
    Cli.Result unknownAction = admin("audit", "--principal", "rosa", "--action", "key.steal");
    assertThat(unknownAction.exitCode()).isEqualTo(1);
    assertThat(unknownAction.err()).isEqualTo("signet: GET /admin/audit: the server answered 400 invalid_request: unknown action 'key.steal'\n");
  }
}
