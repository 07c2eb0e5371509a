package dev.signet.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.RequestContext;
import dev.signet.RequestTokenBuilder;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A java.net.http client for the server's API that signs each request with a fresh request
 * token: compatible profile by default, {@link #standard} for the standard one, {@link #bound} to
 * add {@code htm}, {@code htu}, {@code qsh} (with a query) and {@code bsh} (with a body).
 * Immutable; each {@code as…}/{@code with…} returns a new client.
 */
public final class ApiClient {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient DEFAULT_HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private record Credentials(String principal, TokenSigner signer, @Nullable String audience, boolean bound) {}

  private final HttpClient http;
  private final URI base;
  private final URI bindingBase;
  private final @Nullable Credentials credentials;

  private ApiClient(HttpClient http, URI base, URI bindingBase, @Nullable Credentials credentials) {
    this.http = http;
    this.base = base;
    this.bindingBase = bindingBase;
    this.credentials = credentials;
  }

  /** An anonymous client for the server at {@code base} ({@code http://127.0.0.1:port}). */
  public static ApiClient at(URI base) {
    return new ApiClient(DEFAULT_HTTP, base, base, null);
  }

  /**
   * Bound tokens name the request under {@code publicBase} (the server's issuer or one of its
   * public URLs) rather than under the URL this client connects to.
   */
  public ApiClient bindingTo(URI publicBase) {
    return new ApiClient(http, base, publicBase, credentials);
  }

  /** Signs as {@code principal} with {@code key}, compatible profile, tokens made by the system clock. */
  public ApiClient as(String principal, SigningKey key) {
    return as(principal, key, Clock.systemUTC());
  }

  /** Signs as {@code principal} with {@code key}, tokens made by {@code clock}. */
  public ApiClient as(String principal, SigningKey key, Clock clock) {
    return new ApiClient(http, base, bindingBase, new Credentials(principal, TokenSigner.of(key, clock, null), null, false));
  }

  /** Standard-profile tokens for {@code audience} (the server's issuer). */
  public ApiClient standard(String audience) {
    Credentials c = requireCredentials();
    return new ApiClient(http, base, bindingBase, new Credentials(c.principal(), c.signer(), audience, c.bound()));
  }

  /** Tokens bound to each request: {@code htm}, {@code htu}, and {@code qsh}/{@code bsh} when there is a query/body. */
  public ApiClient bound() {
    Credentials c = requireCredentials();
    return new ApiClient(http, base, bindingBase, new Credentials(c.principal(), c.signer(), c.audience(), true));
  }

  /** The same credentials against another base URL (e.g. {@code http://localhost:port}), bound tokens naming it too. */
  public ApiClient withBase(URI newBase) {
    return new ApiClient(http, newBase, newBase, credentials);
  }

  public ApiClient withHttpClient(HttpClient newHttp) {
    return new ApiClient(newHttp, base, bindingBase, credentials);
  }

  public URI base() {
    return base;
  }

  public Response get(String path) {
    return send("GET", path, new byte[0], Map.of());
  }

  public Response delete(String path) {
    return send("DELETE", path, new byte[0], Map.of());
  }

  /** A POST with a JSON body. */
  public Response post(String path, String json) {
    return send("POST", path, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
  }

  /** A PATCH with a JSON body. */
  public Response patch(String path, String json) {
    return send("PATCH", path, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
  }

  /** Any request; with credentials it carries {@code Authorization: JWT <fresh token>} unless {@code headers} has one. */
  public Response send(String method, String path, byte[] body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (credentials != null && !all.containsKey("Authorization")) {
      all.put("Authorization", "JWT " + token(method, path, body));
    }
    return exchange(method, path, body, all);
  }

  /** The request with exactly {@code authorization} as its {@code Authorization} header. */
  public Response sendWithAuthorization(String method, String path, byte[] body, String authorization) {
    return exchange(method, path, body, Map.of("Authorization", authorization));
  }

  /** A token this client would send for the request. */
  public String token(String method, String path, byte[] body) {
    Credentials c = requireCredentials();
    RequestTokenBuilder token = c.signer().requestToken(c.principal());
    if (c.audience() != null) {
      token.audience(c.audience());
    }
    if (c.bound()) {
      token.bind(RequestContext.of(method, URI.create(bindingBase.toString().replaceAll("/+$", "") + path), body));
    }
    return token.sign();
  }

  /** A token for a body-less request. */
  public String token(String method, String path) {
    return token(method, path, new byte[0]);
  }

  private Response exchange(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** {@code base + path}, the path taken as it is (not normalised, not encoded). */
  public URI uri(String path) {
    return URI.create(base.toString().replaceAll("/+$", "") + path);
  }

  private Credentials requireCredentials() {
    return Objects.requireNonNull(credentials, "this client has no credentials; use as(principal, key)");
  }

  /** A JSON object from alternating names and values (strings, numbers, booleans, lists, maps, nulls). */
  public static String json(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      object.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A JSON value parsed from {@code text} (for JWK objects in bodies). */
  public static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** An HTTP response, body as text. */
  public record Response(int status, String body, HttpHeaders headers) {
    public JsonNode json() {
      return tree(body);
    }

    public @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public List<String> headers(String name) {
      return headers.allValues(name);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
