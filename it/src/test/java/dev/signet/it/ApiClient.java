package dev.signet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The server's HTTP API from the test JVM: each request signed with a fresh request token of one
 * principal (core's {@link TokenSigner}), bound to the request.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final SigningKey key;
  private final String principal;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(URI base, SigningKey key, String principal) {
    this.base = base;
    this.key = key;
    this.principal = principal;
  }

  /** The answer; an {@link IOException} when there is none (the server is gone). */
  HttpResponse<String> send(String method, String path, @Nullable String json) throws IOException {
    URI uri = URI.create(base + path);
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String token = TokenSigner.of(key).requestToken(principal).bind(RequestContext.of(method, uri, body)).sign();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
        .header("Authorization", "JWT " + token)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A call that must answer 2xx; its JSON. */
  JsonNode call(String method, String path, @Nullable String json) {
    try {
      HttpResponse<String> response = send(method, path, json);
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
