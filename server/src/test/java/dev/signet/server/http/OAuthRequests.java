package dev.signet.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.testing.TestDpop;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Token requests against a {@link TestServer}: client assertions, forms, DPoP proofs, decoded tokens. */
final class OAuthRequests {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final TestServer server;
  private final Clock clock;

  OAuthRequests(TestServer server, Clock clock) {
    this.server = server;
    this.clock = clock;
  }

  OAuthRequests(TestServer server) {
    this(server, Clock.systemUTC());
  }

  String tokenEndpoint() {
    return server.issuer() + "/oauth/token";
  }

  /** An RFC 7523 client assertion: iss = sub = principal, aud, iat now, exp in 30 s, a fresh jti. */
  String assertion(String principal, SigningKey key, String aud) {
    return assertion(principal, key, aud, UUID.randomUUID().toString());
  }

  String assertion(String principal, SigningKey key, String aud, String jti) {
    Instant now = clock.instant();
    TokenClaims claims = TokenClaims.builder().issuer(principal).subject(principal).audience(aud)
        .issuedAt(now).expiresAt(now.plusSeconds(30)).id(jti).build();
    return TokenSigner.of(key, clock, null).sign(claims);
  }

  /** The client-credentials form with {@code assertion}, plus {@code extra} name/value pairs. */
  static Map<String, String> form(String assertion, String... extra) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", JWT_BEARER);
    form.put("client_assertion", assertion);
    for (int i = 0; i < extra.length; i += 2) {
      form.put(extra[i], extra[i + 1]);
    }
    return form;
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  ApiClient.Response post(String path, Map<String, String> form, Map<String, String> headers) {
    return post(path, encode(form).getBytes(StandardCharsets.UTF_8), headers);
  }

  ApiClient.Response post(String path, byte[] body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/x-www-form-urlencoded");
    all.putAll(headers);
    return server.anonymous().send("POST", path, body, all);
  }

  /** A token request with a fresh assertion of {@code principal}, for the token endpoint. */
  ApiClient.Response token(String principal, SigningKey key, String... extra) {
    return post("/oauth/token", form(assertion(principal, key, tokenEndpoint()), extra), Map.of());
  }

  /** The access token of a successful token request. */
  String accessToken(String principal, SigningKey key, String... extra) {
    ApiClient.Response response = token(principal, key, extra);
    if (response.status() != 200) {
      throw new IllegalStateException("token request failed: " + response);
    }
    return response.json().path("access_token").asText();
  }

  ApiClient.Response whoami(String authorization, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Authorization", authorization);
    return server.anonymous().send("GET", "/whoami", new byte[0], all);
  }

  /** A DPoP proof by {@code key} for {@code htm} and {@code path} under the issuer, with {@code ath} when a token is given. */
  String proof(SigningKey key, String htm, String path, @Nullable String accessToken) {
    TestDpop.Builder proof = TestDpop.proof(key).method(htm).url(server.issuer() + path);
    if (accessToken != null) {
      proof.accessToken(accessToken);
    }
    return proof.sign();
  }

  /** The payload of a compact JWS, unverified. */
  static JsonNode payload(String jws) {
    return ApiClient.tree(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  static JsonNode header(String jws) {
    return ApiClient.tree(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[0]), StandardCharsets.UTF_8));
  }
}
