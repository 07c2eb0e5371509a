package dev.signet.gateway.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.RequestContext;
import dev.signet.RequestTokenBuilder;
import dev.signet.TokenSigner;
import dev.signet.VerificationKey;
import dev.signet.internal.BoundedFetcher;
import dev.signet.internal.JsonCodec;
import dev.signet.internal.SafeText;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one principal and its keys from a Signet server's registry API
 * ({@code GET /admin/principals/{name}} and {@code …/keys}), signing each request with a request
 * token of the gateway's own principal, bound to the request ({@code htm}, {@code htu},
 * {@code qsh}), as {@code signet curl} does. The exchanges have the bounds of JWKS fetches
 * ({@link BoundedFetcher}: a 5 s deadline, 512 KiB, no redirects, JSON only) and the answers are
 * read strictly (no duplicate names, nothing after the value). Thread-safe.
 */
final class RegistryClient implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonParser.Feature.ALLOW_COMMENTS)
      .build();

  /** A key as the registry holds it: usable only between {@code notBefore} and {@code notAfter}. */
  record Key(VerificationKey key, @Nullable Instant notBefore, @Nullable Instant notAfter) {
    boolean usableAt(Instant now) {
      return (notBefore == null || !now.isBefore(notBefore)) && (notAfter == null || now.isBefore(notAfter));
    }
  }

  private final URI base;
  private final TokenSigner signer;
  private final String principal;
  private final @Nullable String audience;
  private final BoundedFetcher fetcher;

  RegistryClient(URI url, TokenSigner signer, String principal, @Nullable String audience) {
    String text = url.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.signer = signer;
    this.principal = principal;
    this.audience = audience;
    this.fetcher = new BoundedFetcher("registry", CONNECT_TIMEOUT, FETCH_TIMEOUT, JsonCodec.MAX_JSON_CHARS, true,
        BoundedFetcher.Resolver.SYSTEM);
  }

  /**
   * The keys of {@code name} that are not disabled (their validity window is for the caller to
   * judge), or empty when the registry has no such principal or it is disabled.
   *
   * @param name a valid principal name ({@code [A-Za-z0-9._@-]{1,64}}), so it needs no escaping in a path
   * @throws IOException when the registry cannot be asked or answers anything unexpected (401 and 403 included)
   */
  Optional<List<Key>> lookUp(String name) throws IOException {
    Optional<JsonNode> found = get("admin/principals/" + name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    JsonNode p = found.get();
    if (!p.path("name").isTextual() || !p.path("enabled").isBoolean()) {
      throw new IOException("registry answered a principal without a text name and a boolean enabled");
    }
    if (!p.path("name").textValue().equals(name) || !p.path("enabled").booleanValue()) {
      return Optional.empty(); // another spelling (names are unique ignoring case) is another principal here
    }
    if (p.path("jwks_uri").isTextual()) {
      log.warn("principal {} publishes keys at its jwks_uri, which the gateway does not fetch: only its registered keys verify", name);
    }
    Optional<JsonNode> listed = get("admin/principals/" + name + "/keys?limit=1000"); // the server's cap per principal is at most 1000
    if (listed.isEmpty()) {
      return Optional.empty(); // deleted meanwhile
    }
    if (!listed.get().isArray()) {
      throw new IOException("registry answered a key list that is not a JSON array");
    }
    List<Key> keys = new ArrayList<>();
    for (JsonNode k : listed.get()) {
      if (!k.path("disabled").isBoolean() || !k.path("jwk").isObject()) {
        throw new IOException("registry answered a key without a boolean disabled and a jwk object");
      }
      if (!k.path("disabled").booleanValue()) {
        key(name, k).ifPresent(keys::add);
      }
    }
    return Optional.of(List.copyOf(keys));
  }

  private static Optional<Key> key(String name, JsonNode k) throws IOException {
    try {
      return Optional.of(new Key(VerificationKey.parse(JSON.writeValueAsString(k.path("jwk"))), instant(k, "not_before"),
          instant(k, "not_after")));
    } catch (IllegalArgumentException e) { // UnusableKeyException: a key policy stricter than the server's
      log.warn("ignoring key {} of principal {}: {}", SafeText.escape(k.path("kid").asText("?")), name, e.getMessage());
      return Optional.empty();
    }
  }

  private static @Nullable Instant instant(JsonNode key, String field) throws IOException {
    JsonNode value = key.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw new IOException("registry answered a key whose " + field + " is not an instant", e);
    }
  }

  /** The JSON of a 200 answer, or empty for a 404. */
  private Optional<JsonNode> get(String path) throws IOException {
    URI uri = base.resolve(path);
    RequestTokenBuilder token = signer.requestToken(principal);
    if (audience != null) {
      token.audience(audience);
    }
    String authorization = "JWT " + token.bind(RequestContext.of("GET", uri)).sign();
    String body;
    try {
      body = fetcher.fetch(uri, Map.of("Authorization", authorization));
    } catch (BoundedFetcher.StatusException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      if (e.status() == 401 || e.status() == 403) {
        throw new IOException(e.getMessage() + ": does principal '" + principal + "' exist there with the key of key_file and the"
            + " key-reader (or admin) role, and is the registry url the server's issuer (or one of its public URLs)?", e);
      }
      throw e;
    }
    try {
      return Optional.of(JSON.readTree(body));
    } catch (JacksonException e) {
      throw new IOException("registry answered malformed JSON for " + uri.getPath() + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public void close() {
    fetcher.close();
  }

  @Override
  public String toString() {
    return "RegistryClient[" + base + " as " + principal + "]";
  }
}
