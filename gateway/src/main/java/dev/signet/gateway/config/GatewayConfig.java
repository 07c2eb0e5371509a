package dev.signet.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's configuration (SPEC §5), as {@link ConfigReader} reads it from YAML. Immutable;
 * every value has been checked.
 *
 * @param listen where clients connect ({@code listen:}; port 0 picks a free one)
 * @param publicUrl the base URL clients address, against which DPoP proofs' {@code htu} are judged
 *     ({@code public_url:}; default {@code http(s)://listen})
 * @param tls the listener's certificate and key ({@code tls: {cert, key}}), or null for plain HTTP
 * @param management the listener of {@code /metrics} and {@code /healthz} ({@code management:}), or null for none
 * @param redis shared rate limits and DPoP replay store ({@code redis:}), or null to keep them in memory
 * @param issuers the trusted access-token issuers ({@code issuers:})
 * @param requestTokens principals whose request tokens are accepted on {@code request-token} routes
 * @param sourceLimit the per-source limit of unauthenticated traffic ({@code unauthenticated_rate_limit:})
 * @param upstream timeouts towards upstreams ({@code upstream:})
 * @param encryptionKey the file of the gateway's private encryption key ({@code encryption_key:}), which
 *     {@code decrypt: true} routes decrypt with; null for none
 * @param routes the routes, longest path prefix first
 */
public record GatewayConfig(HostPort listen, @Nullable URI publicUrl, @Nullable Tls tls, @Nullable HostPort management,
    @Nullable String redis, List<Issuer> issuers, @Nullable RequestTokens requestTokens, @Nullable RateLimit sourceLimit,
    Upstream upstream, @Nullable Path encryptionKey, List<Route> routes) {

  public GatewayConfig {
    Objects.requireNonNull(listen, "listen");
    issuers = List.copyOf(issuers);
    Objects.requireNonNull(upstream, "upstream");
    routes = List.copyOf(routes);
  }

  /** A host and a port ({@code 127.0.0.1:8081}). */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** PEM files of the listener's certificate chain and private key. */
  public record Tls(Path cert, Path key) {}

  /**
   * An issuer whose access tokens are accepted.
   *
   * @param introspection its RFC 7662 endpoint, for {@code introspection} routes; null when none
   */
  public record Issuer(String issuer, URI jwksUri, boolean acceptJwtType, @Nullable Introspection introspection) {}

  /** An RFC 7662 endpoint and the gateway's client credentials there. {@link #toString()} hides the secret. */
  public record Introspection(URI endpoint, String clientId, String clientSecret, Duration cacheTtl) {
    @Override
    public String toString() {
      return "Introspection[" + endpoint + ", client_id=" + clientId + ", cache_ttl=" + cacheTtl + "]";
    }
  }

  /**
   * Where the keys of request-token principals come from, and the audience their tokens name.
   *
   * @param keys principals and the files of their public keys (PEM, JWK or JWKS); these win over the registry
   * @param registry a Signet server whose key registry holds the other principals, or null for files only
   */
  public record RequestTokens(Map<String, Path> keys, @Nullable Registry registry, @Nullable String audience) {
    public RequestTokens {
      keys = Map.copyOf(keys);
    }
  }

  /**
   * A Signet server's key registry, read with the gateway's own request tokens.
   *
   * @param url the server's base URL ({@code https}, or {@code http} to a loopback address)
   * @param principal the gateway's principal there (the {@code key-reader} role is enough)
   * @param keyFile the private key it signs its request tokens with
   * @param audience the {@code aud} of those tokens (the server's issuer), or null for the compatible profile
   * @param cacheTtl how long a principal's keys (or its absence) are used before being looked up again
   * @param staleIfError how long past {@code cacheTtl} they are still used while the registry cannot be reached
   * @param maxFetchesPerMinute look-ups a minute of principals not known to exist, at most
   */
  public record Registry(URI url, String principal, Path keyFile, @Nullable String audience, Duration cacheTtl, Duration staleIfError,
      int maxFetchesPerMinute) {}

  /** {@code requests} per {@code per}, refilled gradually. */
  public record RateLimit(long requests, Duration per) {}

  /** How long to wait to connect to an upstream, and for it to send or accept anything. */
  public record Upstream(Duration connectTimeout, Duration idleTimeout) {}

  /** How a route checks its callers. */
  public enum Auth {
    ACCESS_TOKEN("access-token"), REQUEST_TOKEN("request-token"), INTROSPECTION("introspection"), NONE("none");

    private final String text;

    Auth(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * One route.
   *
   * @param path the path prefix it serves (whole segments: {@code /orders} serves {@code /orders/7}, not {@code /ordersx})
   * @param upstream where its requests go; the request's path is appended to the upstream's
   * @param audience the {@code aud} its access tokens must carry; null for any
   * @param scopes the scopes a caller must all have (403 {@code insufficient_scope} otherwise)
   * @param methods the methods it takes (405 otherwise); empty for any
   * @param claimHeaders extra headers made of claims: header name ({@code X-JWT-…}) to claim name
   * @param forwardAuthorization whether {@code Authorization} and {@code DPoP} reach the upstream
   * @param decrypt whether {@code application/jose} bodies are decrypted with the gateway's encryption key before forwarding
   */
  public record Route(String path, URI upstream, @Nullable String audience, Set<String> scopes, Set<String> methods, Auth auth,
      @Nullable RateLimit rateLimit, Map<String, String> claimHeaders, boolean forwardAuthorization, boolean decrypt) {
    public Route {
      scopes = Set.copyOf(scopes);
      methods = Set.copyOf(methods);
      claimHeaders = Map.copyOf(claimHeaders);
    }
  }
}
