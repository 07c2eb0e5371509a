package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.it.Distribution.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real distribution end to end, as an operator would use it: a fresh server prints its admin
 * code, the admin enrolls a key with the CLI, creates a principal and a code for it, that
 * principal enrolls and calls the API, and loses access when its key is deleted. One server for
 * the class (key cache off), the steps in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrollmentFlowIT {
  @TempDir static Path dir;
  static ServerProcess server;
  static String url;

  @BeforeAll
  static void startServer() {
    server = ServerProcess.start(dir.resolve("data"), "--key-cache-ttl", "0s");
    url = server.url().toString();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  @Order(1)
  void keygenEnrollCurl_adminCode_whoamiThenReplayedTokenRefused() throws IOException, InterruptedException {
    String code = server.adminCode().orElseThrow(() -> new AssertionError("no admin code in " + server.stdout()));

    Run keygen = Distribution.signet(dir, "keygen", "--out", "./admin.pem");
    Run enroll = Distribution.signet(dir, "enroll", "--server", url, "--code", code, "--key", "./admin.pem", "--principal", "admin");
    Run whoami = Distribution.signet(dir, "curl", url + "/whoami", "--key", "./admin.pem", "--principal", "admin", "--fail");
    Run token = Distribution.signet(dir, "token", "sign", "--key", "./admin.pem", "--principal", "admin");

    assertThat(keygen.exitCode()).as("%s", keygen).isZero();
    assertThat(Files.getPosixFilePermissions(dir.resolve("admin.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(enroll.exitCode()).as("%s", enroll).isZero();
    assertThat(enroll.out()).startsWith("principal  admin\nkid        ").doesNotContain(code);
    String kid = enroll.out().lines().toList().get(1).substring(11);
    assertThat(whoami.exitCode()).as("%s", whoami).isZero();
    JsonNode me = ApiClient.parse(whoami.out());
    assertThat(me.path("principal").textValue()).isEqualTo("admin");
    assertThat(me.path("kid").textValue()).isEqualTo(kid);
    assertThat(token.exitCode()).as("%s", token).isZero();

    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/whoami")).header("Authorization", "JWT " + token.out().strip()).build();
    HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> replayed = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    assertThat(replayed.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("JWT "));
  }

  @Test
  @Order(2)
  void adminFlow_bobEnrollsAndCallsThenLosesAccessWhenHisKeyIsDeleted() {
    String[] admin = {"admin", "--server", url, "--key", "./admin.pem"};

    Run created = Distribution.signet(dir, concat(admin, "principals", "create", "bob", "--scope", "orders:read"));
    Run issued = Distribution.signet(dir, concat(admin, "enrollments", "create", "bob", "--ttl", "5m", "--json"));
    assertThat(created.exitCode()).as("%s", created).isZero();
    assertThat(issued.exitCode()).as("%s", issued).isZero();
    String code = ApiClient.parse(issued.out()).path("code").textValue();

    Run enroll = Distribution.signet(dir, "enroll", "--server", url, "--code", code, "--key", "./bob.pem");
    Run whoami = Distribution.signet(dir, "curl", url + "/whoami", "--key", "./bob.pem", "--principal", "bob", "--fail", "--bind");
    assertThat(enroll.exitCode()).as("%s", enroll).isZero();
    assertThat(whoami.exitCode()).as("%s", whoami).isZero();
    assertThat(ApiClient.parse(whoami.out()).path("scope").textValue()).isEqualTo("orders:read");
    String kid = enroll.out().lines().toList().get(1).substring(11);

    Run deleted = Distribution.signet(dir, concat(admin, "keys", "delete", "bob", kid));
    Run refused = Distribution.signet(dir, "curl", url + "/whoami", "--key", "./bob.pem", "--principal", "bob", "--fail");
    assertThat(deleted.exitCode()).as("%s", deleted).isZero();
    assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).isEqualTo("signet: GET " + url + "/whoami: the server answered 401 invalid_token\n");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
