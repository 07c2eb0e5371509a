package dev.signet.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A client of the real server's token endpoint from the test JVM: {@code client_credentials} with
 * a {@code private_key_jwt} assertion (RFC 7523) that core's {@link TokenSigner} makes in the
 * standard profile ({@code iss} = {@code sub} = the client, {@code aud} = the token endpoint, a
 * fresh {@code jti}). {@link #register} makes the client a principal through the admin API.
 */
final class OAuthClient {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI server;
  private final SigningKey key;
  private final String clientId;

  OAuthClient(URI server, SigningKey key, String clientId) {
    this.server = server;
    this.key = key;
    this.clientId = clientId;
  }

  /** Creates principal {@code clientId} with {@code scopes} and this client's public key, as {@code admin}. */
  OAuthClient register(ApiClient admin, List<String> scopes) {
    admin.call("POST", "/admin/principals", ApiClient.json(Map.of("name", clientId, "scopes", scopes)));
    admin.call("POST", "/admin/principals/" + clientId + "/keys", ApiClient.json(Map.of("public_key", key.publicKey().toPem())));
    return this;
  }

  URI tokenEndpoint() {
    return URI.create(server + "/oauth/token");
  }

  /** An access token for {@code scope} and {@code audience}; fails unless the server issues one. */
  String accessToken(String scope, String audience) {
    HttpResponse<String> response = request(Map.of("scope", scope, "audience", audience));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST /oauth/token answered " + response.statusCode() + ": " + response.body());
    }
    return ApiClient.parse(response.body()).path("access_token").asText();
  }

  /** {@code POST /oauth/token} with a fresh assertion, the extra form fields, and headers as name, value pairs. */
  HttpResponse<String> request(Map<String, String> fields, String... headers) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", JWT_BEARER);
    form.put("client_assertion", TokenSigner.of(key).requestToken(clientId).audience(tokenEndpoint().toString()).sign());
    form.putAll(fields);
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint()).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code kid} in a token's header. */
  static String kid(String token) {
    return header(token).path("kid").asText();
  }

  static JsonNode header(String token) {
    return ApiClient.parse(new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8));
  }

  static JsonNode claims(String token) {
    String[] parts = token.split("\\.");
    return ApiClient.parse(new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
