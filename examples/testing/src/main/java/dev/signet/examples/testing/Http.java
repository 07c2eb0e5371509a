package dev.signet.examples.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Requests to an application under test, over real HTTP with the JDK's client:
 * {@code http.get("/me", "Authorization", "Bearer …")}, headers as name, value pairs.
 */
public record Http(URI base) {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** The application on {@code 127.0.0.1:port}. */
  public static Http at(int port) {
    return new Http(URI.create("http://127.0.0.1:" + port));
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, "", headers);
  }

  /** {@code method} with {@code body} (none when empty). */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
