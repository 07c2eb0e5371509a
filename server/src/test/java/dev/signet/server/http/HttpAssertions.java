package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.ApiClient.Response;
import java.time.Duration;
import java.util.function.Supplier;

/** The shapes SPEC §6 fixes for error responses. */
final class HttpAssertions {
  static final String INVALID_TOKEN_CHALLENGE = "JWT realm=\"signet\", error=\"invalid_token\"";
  static final String INSUFFICIENT_SCOPE_CHALLENGE = "JWT realm=\"signet\", error=\"insufficient_scope\"";

  private HttpAssertions() {}

  /** 401, the {@code JWT} challenge, and a body that says nothing about why. */
  static void assertInvalidToken(Response response) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(401);
    assertThat(response.headers("WWW-Authenticate")).containsExactly(INVALID_TOKEN_CHALLENGE);
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
  }

  /** 403 for an authenticated caller without the role. */
  static void assertInsufficientScope(Response response) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(403);
    assertThat(response.headers("WWW-Authenticate")).containsExactly(INSUFFICIENT_SCOPE_CHALLENGE);
    assertThat(response.body()).isEqualTo("{\"error\":\"insufficient_scope\"}");
  }

  /** 503 with {@code Retry-After}, and no challenge: the server cannot decide, the token is not blamed. */
  static void assertUnavailable(Response response) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(503);
    assertThat(response.body()).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
    assertThat(response.header("Retry-After")).isEqualTo("5");
    assertThat(response.headers("WWW-Authenticate")).isEmpty();
  }

  /**
   * Sends {@code request} every 100 ms until it answers 200 or {@code within} has passed, and
   * returns how long that took; fails if it never did. For recovery after an outage.
   */
  static Duration awaitOk(Supplier<Response> request, Duration within) throws InterruptedException {
    long start = System.nanoTime();
    int status = request.get().status();
    while (status != 200 && System.nanoTime() - start < within.toNanos()) {
      Thread.sleep(100);
      status = request.get().status();
    }
    assertThat(status).as("status within %s", within).isEqualTo(200);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** A 4xx with a JSON error body, and nothing in it that comes from the server's insides. */
  static void assertClientError(Response response, int status) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(status);
    assertThat(response.header("Content-Type")).as("content type of %s", response).isEqualTo("application/json");
    assertThat(response.json().path("error").isTextual()).as("error code in %s", response).isTrue();
    assertNoInternals(response);
  }

  /** A 400 {@code invalid_request} with exactly {@code message}. */
  static void assertBadRequest(Response response, String message) {
    assertClientError(response, 400);
    assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(response.json().path("message").asText()).isEqualTo(message);
  }

  /** No stack trace, exception or class name, SQL or HTML in a body. */
  static void assertNoInternals(Response response) {
    assertThat(response.body()).as("body of %s", response)
        .doesNotContain("Exception", "\tat ", "at dev.", "at java.", "dev.signet.", "java.", "com.fasterxml", "org.eclipse",
            "SQL", "<html", "jdbc:");
  }
}
