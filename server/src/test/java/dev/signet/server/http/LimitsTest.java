package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests the server refuses by their shape: unknown routes and methods, bodies and headers over
 * the limits, and requests Jetty cannot parse. Every refusal is JSON, never Jetty's HTML page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {
  static final int LIMIT = 64 * 1024;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TestServer server;

  @BeforeAll
  void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void unknownRoute_404Json() {
    for (String method : List.of("GET", "POST", "DELETE")) {
      Response response = server.anonymous().send(method, "/nothing/here", new byte[0], Map.of());

      assertClientError(response, 404);
      assertThat(response.body()).isEqualTo("{\"error\":\"not_found\"}");
    }
  }

  @Test
  void knownPathOtherMethod_405Json() {
    for (String[] route : List.of(new String[] {"PUT", "/whoami"}, new String[] {"DELETE", "/healthz"},
        new String[] {"POST", "/readyz"}, new String[] {"GET", "/enroll"}, new String[] {"PUT", "/admin/principals"})) {
      Response response = server.admin().send(route[0], route[1], new byte[0], Map.of());

      assertClientError(response, 405);
      assertThat(response.body()).isEqualTo("{\"error\":\"method_not_allowed\"}");
    }
  }

  /**
   * With {@code Expect: 100-continue}, as clients send large bodies, the client sends nothing after
   * the headers: the 413 comes before any byte of the body. (Without it a client may find the
   * connection closed before it reads the 413: the server never reads a refused body.)
   */
  @Test
  void bodyOverLimit_declaredLength_413BeforeTheBodyIsSent() throws Exception {
    byte[] justOver = ("{\"x\":\"" + "a".repeat(LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] huge = ("{\"x\":\"" + "a".repeat(16 * LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);

    for (String path : List.of("/whoami", "/enroll", "/admin/principals", "/healthz")) {
      for (byte[] body : List.of(justOver, huge)) {
        HttpResponse<String> response = send(path, HttpRequest.BodyPublishers.ofByteArray(body));

        assertThat(response.statusCode()).as(path).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"error\":\"payload_too_large\",\"message\":\"request body is "
            + body.length + " bytes; the limit is " + LIMIT + "\"}");
        assertThat(response.headers().firstValue("Connection")).contains("close");
      }
    }
  }

  @Test
  void bodyOverLimit_declaredButNeverSent_413WithoutWaitingForIt() {
    String head = "POST /enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1000000000\r\nConnection: close\r\n\r\n";

    String response = raw(head);

    assertThat(response).startsWith("HTTP/1.1 413 ").contains("Content-Type: application/json")
        .endsWith("{\"error\":\"payload_too_large\",\"message\":\"request body is 1000000000 bytes; the limit is 65536\"}");
  }

  @Test
  void bodyOverLimit_chunked_413OnceTheLimitIsPassed() throws Exception {
    byte[] body = ("{\"code\":\"" + "a".repeat(LIMIT + 100) + "\"}").getBytes(StandardCharsets.UTF_8);

    for (String path : List.of("/enroll", "/whoami", "/admin/principals")) {
      // no length: chunked
      HttpResponse<String> response = send(path, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

      assertThat(response.statusCode()).as(path).isEqualTo(413);
      assertThat(response.body()).isEqualTo(
          "{\"error\":\"payload_too_large\",\"message\":\"request body exceeds the limit of 65536 bytes\"}");
      assertThat(response.headers().firstValue("Connection")).contains("close");
    }
  }

  private HttpResponse<String> send(String path, HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.anonymous().uri(path))
        .expectContinue(true)
        .header("Content-Type", "application/json")
        .header("Authorization", "JWT " + server.admin().token("POST", path))
        .POST(body)
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void headersOverLimit_431Json() {
    Response bigHeader = server.anonymous().send("GET", "/healthz", new byte[0], Map.of("X-Padding", "a".repeat(10_000)));
    Response bigToken = server.anonymous().sendWithAuthorization("GET", "/whoami", new byte[0], "JWT " + "a".repeat(10_000));

    for (Response response : List.of(bigHeader, bigToken)) {
      assertClientError(response, 431);
      assertThat(response.body()).isEqualTo("{\"error\":\"request_header_fields_too_large\"}");
    }
  }

  @Test
  void uriOverLimit_414Json() {
    String response = raw("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 414 ").endsWith("{\"error\":\"uri_too_long\"}");
  }

  @Test
  void unparseableRequests_400Json() {
    List<String> requests = List.of(
        "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "GET /admin/principals/a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nnot a header\r\n",
        "GET /healthz HTTP/1.1\r\n",
        "GET /me/keys/../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "POST /enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12abc\r\n",
        "POST /enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n",
        "DELETE /me/keys/a|b HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "PATCH /admin/principals/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    for (String request : requests) {
      String response = raw(request + "Connection: close\r\n\r\n");

      assertThat(response).as(request).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
          .contains("Connection: close").endsWith("{\"error\":\"invalid_request\"}");
    }
  }

  private String raw(String request) {
    return RawHttp.exchange(server.port(), request);
  }
}
