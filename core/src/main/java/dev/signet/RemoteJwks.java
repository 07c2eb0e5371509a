package dev.signet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import dev.signet.internal.BoundedFetcher;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWKS endpoint as a {@link KeySource}, on Nimbus' {@code JWKSourceBuilder}: the document is
 * cached ({@link Builder#cacheTtl}), refetched when a token names an unknown {@code kid} but at
 * most twice per {@link Builder#minRefetchInterval} (beyond that the cached document answers),
 * served stale through an outage of up to
 * {@link Builder#outageTolerance}, and a kid still unknown after a refetch is remembered as
 * unknown for {@link Builder#unknownKidTtl} so that tokens with made-up kids cost nothing. Each
 * fetch is bounded in time and size, follows no redirect, and needs https unless the host is
 * loopback. Keys in the document that Signet would not accept (symmetric, too weak, for
 * encryption) are skipped.
 *
 * {@snippet :
 * KeySource keys = RemoteJwks.builder(URI.create("https://auth.example.com/.well-known/jwks.json"))
 *     .cacheTtl(Duration.ofMinutes(10))
 *     .build();
 * }
 *
 * <p>Thread-safe.
 */
public final class RemoteJwks implements KeySource {
  private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);
  private static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(30);

  private final URI uri;
  private final JWKSetSource<SecurityContext> documents;
  private final Cache<JWK, Optional<VerificationKey>> converted = Caffeine.newBuilder().weakKeys().build();
  private final Cache<String, Boolean> unknownKids;

  private RemoteJwks(Builder b) {
    this.uri = b.uri;
    BoundedFetcher fetcher = new BoundedFetcher(b.connectTimeout, b.fetchTimeout, b.maxBytes, b.allowPrivateAddresses);
    long ttl = b.cacheTtl.toMillis();
    long refreshTimeout = b.fetchTimeout.plusSeconds(1).toMillis();
    // Nimbus refuses refresh-ahead time + refresh timeout > TTL: shorten it for short TTLs, or do without
    long refreshAhead = Math.min(DEFAULT_REFRESH_AHEAD.toMillis(), ttl - refreshTimeout);
    try {
      JWKSourceBuilder<SecurityContext> builder =
          JWKSourceBuilder.<SecurityContext>create(b.uri.toURL(), fetcher)
              .cache(ttl, refreshTimeout)
              .rateLimited(b.minRefetchInterval.toMillis())
              .outageTolerant(b.outageTolerance.toMillis());
      if (refreshAhead > 0) {
        builder.refreshAheadCache(refreshAhead, null, refreshExecutor(), true, null, false);
      } else {
        builder.refreshAheadCache(false);
      }
      // JWKSourceBuilder builds a JWKSetBasedJWKSource when no failover is set; its set source lets
      // keys() tell "rate limited" from "no such kid"
      this.documents = ((JWKSetBasedJWKSource<SecurityContext>) builder.build()).getJWKSetSource();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("not a URL: " + b.uri, e);
    }
    this.unknownKids = Caffeine.newBuilder().expireAfterWrite(b.unknownKidTtl).maximumSize(10_000).build();
  }

  /** Nimbus' default is a non-daemon thread that would keep a JVM alive once a refresh ran. */
  private static ExecutorService refreshExecutor() {
    return Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "signet-jwks-refresh");
      thread.setDaemon(true);
      return thread;
    });
  }

  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * The usable signing keys with {@code kid} (every one when null). The cached document answers
   * first; when it has no match the document is refetched, unless a refetch happened less than
   * {@link Builder#minRefetchInterval} ago, in which case the cached document is the answer for
   * now. Only a kid that a refetch did not find is remembered as unknown.
   */
  @Override
  public List<VerificationKey> keys(@Nullable String kid) {
    if (kid != null && unknownKids.getIfPresent(kid) != null) {
      return List.of();
    }
    JWKMatcher.Builder matcher = new JWKMatcher.Builder().keyUses(KeyUse.SIGNATURE, null);
    if (kid != null) {
      matcher.keyID(kid);
    }
    JWKSelector selector = new JWKSelector(matcher.build());
    long now = System.currentTimeMillis();
    List<JWK> jwks;
    boolean refetched = false;
    try {
      JWKSet cached = documents.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
      jwks = selector.select(cached);
      if (jwks.isEmpty()) {
        try {
          jwks = selector.select(documents.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), now, null));
          refetched = true;
        } catch (RateLimitReachedException e) {
          log.debug("JWKS at {} was fetched too recently to look for kid {} again", uri, kid);
        }
      }
    } catch (RateLimitReachedException e) {
      throw new KeySourceException("JWKS at " + uri + " is unavailable: no document fetched yet and refetching is rate limited", e);
    } catch (com.nimbusds.jose.KeySourceException e) {
      throw new KeySourceException("JWKS at " + uri + " is unavailable: " + e.getMessage(), e);
    }
    List<VerificationKey> keys = new ArrayList<>(jwks.size());
    for (JWK jwk : jwks) {
      converted.get(jwk, this::convert).ifPresent(keys::add);
    }
    if (kid != null && keys.isEmpty() && refetched) {
      unknownKids.put(kid, Boolean.TRUE);
    }
    return keys;
  }

  private Optional<VerificationKey> convert(JWK jwk) {
    JWK publicJwk = jwk.toPublicJWK();
    if (publicJwk == null) { // a symmetric (oct) key has no public half
      log.debug("skipping key {} of JWKS at {}: not an asymmetric key", jwk.getKeyID(), uri);
      return Optional.empty();
    }
    try {
      return Optional.of(VerificationKey.parse(publicJwk.toJSONString()));
    } catch (UnusableKeyException e) {
      log.debug("skipping key {} of JWKS at {}: {}", jwk.getKeyID(), uri, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "RemoteJwks[" + uri + "]";
  }

  /** Settings for a {@link RemoteJwks}; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private Duration minRefetchInterval = Duration.ofSeconds(30);
    private Duration outageTolerance = Duration.ofHours(1);
    private Duration unknownKidTtl = Duration.ofMinutes(1);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration fetchTimeout = Duration.ofSeconds(5);
    private int maxBytes = 256 * 1024;
    private boolean allowPrivateAddresses = true;
    private boolean allowPlainHttp;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** How long a fetched document is used before it is fetched again (default 5 min). */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Objects.requireNonNull(ttl, "cacheTtl");
      return this;
    }

    /**
     * Fetches are limited to two per interval, whatever tokens arrive (default 30 s; Nimbus' rate
     * limiter lets one more fetch follow the one that opens an interval). Shorter than {@link #cacheTtl}.
     */
    public Builder minRefetchInterval(Duration interval) {
      this.minRefetchInterval = Objects.requireNonNull(interval, "minRefetchInterval");
      return this;
    }

    /** How long the last good document is used while the endpoint fails (default 1 h). */
    public Builder outageTolerance(Duration tolerance) {
      this.outageTolerance = Objects.requireNonNull(tolerance, "outageTolerance");
      return this;
    }

    /** How long a kid that a refetch did not find is answered as unknown without asking (default 1 min). */
    public Builder unknownKidTtl(Duration ttl) {
      this.unknownKidTtl = Objects.requireNonNull(ttl, "unknownKidTtl");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /** The whole fetch, connection to last byte (default 5 s). */
    public Builder fetchTimeout(Duration timeout) {
      this.fetchTimeout = Objects.requireNonNull(timeout, "fetchTimeout");
      return this;
    }

    /** Larger documents are refused while downloading (default 256 KiB). */
    public Builder maxBytes(int bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Refuses hosts that resolve to loopback, private or link-local addresses: for URLs that
     * untrusted parties supply (default: allowed, since issuers often live on private networks).
     */
    public Builder denyPrivateAddresses() {
      this.allowPrivateAddresses = false;
      return this;
    }

    /** Allows {@code http://} to hosts other than loopback: keys fetched so can be swapped in transit. */
    public Builder allowPlainHttpToAnyHost() {
      this.allowPlainHttp = true;
      return this;
    }

    /**
     * The verifier, after checking every setting.
     *
     * @throws IllegalStateException naming the first setting that is wrong
     */
    public RemoteJwks build() {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
        throw new IllegalStateException("JWKS URI must be an absolute http(s) URL: " + uri);
      }
      if (scheme.equals("http") && !allowPlainHttp && !isLoopback(uri.getHost())) {
        throw new IllegalStateException("JWKS URI must use https unless the host is loopback: " + uri);
      }
      requirePositive("cacheTtl", cacheTtl);
      requirePositive("minRefetchInterval", minRefetchInterval);
      requirePositive("unknownKidTtl", unknownKidTtl);
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("fetchTimeout", fetchTimeout);
      if (minRefetchInterval.compareTo(cacheTtl) >= 0) {
        throw new IllegalStateException("minRefetchInterval must be shorter than cacheTtl (" + cacheTtl + "): " + minRefetchInterval);
      }
      if (outageTolerance.isNegative()) {
        throw new IllegalStateException("outageTolerance must not be negative: " + outageTolerance);
      }
      if (maxBytes < 1024 || maxBytes > 16 * 1024 * 1024) {
        throw new IllegalStateException("maxBytes must be 1 KiB to 16 MiB: " + maxBytes);
      }
      return new RemoteJwks(this);
    }

    private static void requirePositive(String name, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalStateException(name + " must be positive: " + d);
      }
    }

    private static boolean isLoopback(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
  }
}
