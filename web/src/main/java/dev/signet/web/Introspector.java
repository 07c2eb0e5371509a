package dev.signet.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import dev.signet.UnavailableException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;
import net.minidev.json.JSONObject;

/**
 * Asks one issuer's introspection endpoint (RFC 7662) whether tokens are active, with a short
 * cache of the answers keyed by the token's hash. The answer is read with the Nimbus OAuth SDK.
 * Thread-safe.
 */
final class Introspector implements AutoCloseable {
  /** The endpoint could not answer: the token's state is unknown, so the request gets 503. */
  static final class IntrospectionUnavailable extends UnavailableException {
    private static final long serialVersionUID = 1L;

    IntrospectionUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Introspection settings;
  private final HttpClient client;
  private final Cache<TokenHash, Boolean> answers;

  Introspector(Introspection settings, Clock clock) {
    this.settings = settings;
    this.client = BoundedHttp.client(settings.timeout());
    this.answers = Caffeine.newBuilder().maximumSize(settings.maxEntries()).expireAfterWrite(settings.cacheTtl())
        .ticker(TokenCache.ticker(clock)).executor(Runnable::run).build();
  }

  /**
   * Whether the endpoint says {@code token} is active, from the cache when it answered lately.
   *
   * @throws IntrospectionUnavailable when it cannot be asked
   */
  boolean isActive(TokenHash hash, String token) {
    Boolean known = answers.getIfPresent(hash);
    if (known != null) {
      return known;
    }
    boolean active = ask(token);
    answers.put(hash, active);
    return active;
  }

  void forget(TokenHash hash) {
    answers.invalidate(hash);
  }

  private boolean ask(String token) {
    String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint()).timeout(settings.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    Supplier<String> authorization = settings.authorization();
    if (authorization != null) {
      request.header("Authorization", authorization.get());
    }
    try {
      BoundedHttp.JsonAnswer answer = BoundedHttp.exchange(client, request.build());
      if (answer.status() != 200) {
        throw new IOException(settings.endpoint() + " answered " + answer.status());
      }
      return TokenIntrospectionSuccessResponse.parse(new JSONObject(answer.json())).isActive();
    } catch (IOException | ParseException e) {
      throw new IntrospectionUnavailable("introspection at " + settings.endpoint() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
