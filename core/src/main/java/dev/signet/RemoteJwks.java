package dev.signet;

import dev.signet.internal.BoundedFetcher;
import dev.signet.internal.JsonCodec;
import dev.signet.internal.JwksCache;
import dev.signet.internal.SpecialAddresses;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A JWKS endpoint as a {@link KeySource}, for verifiers that check every request against an
 * issuer's published keys.
 *
 * {@snippet :
 * try (RemoteJwks keys = RemoteJwks.builder(URI.create("https://auth.example.com/.well-known/jwks.json")).build()) {
 *   TokenVerifier verifier = TokenVerifier.builder(keys).issuer("https://auth.example.com").build();
 *   // ... verify for as long as the application runs
 * }
 * }
 *
 * <p><b>Caching.</b> A fetched document answers for {@link Builder#cacheTtl} (default 5 min) and is
 * refreshed in the background from three quarters of it on, so a busy verifier never waits for a
 * fetch. A caller fetches (and concurrent callers wait for that one fetch, at most
 * {@link Builder#fetchTimeout}, default 5 s) only when no usable document exists: on first use,
 * after an idle period longer than {@code cacheTtl}, or beyond the outage tolerance.
 *
 * <p><b>Unknown kids.</b> A {@code kid} that the document lacks is answered with no key at once,
 * never by waiting for a refetch; it triggers a refetch in the background, so the next token with
 * that kid succeeds once the issuer publishes the key. Such a kid is then remembered for
 * {@link Builder#unknownKidTtl} (default 1 min) so that repeating it costs nothing; a newly fetched
 * document with different content clears that memory, and the document is always consulted first.
 *
 * <p><b>Fetch bound.</b> Fetches, whatever triggers them (refresh, retry, unknown kid), start at
 * least {@code 60 s / }{@link Builder#maxFetchesPerMinute} apart (default 6 a minute) and never
 * two at once: a flood of tokens with made-up kids costs the issuer at most that.
 *
 * <p><b>Outage.</b> When fetching fails, the last document keeps answering until it is
 * {@code cacheTtl + }{@link Builder#outageTolerance} old (default 1 h 5 min), while refreshes are
 * retried at the fetch bound. {@link #keys} throws {@link KeySourceException} (a 503 for an HTTP
 * service) only when no document was ever fetched or the last one is older than that.
 *
 * <p><b>What is refused.</b> Each fetch is bounded in time ({@code fetchTimeout}, connection
 * included) and size ({@link Builder#maxBytes}, default 256 KiB); an answer other than 200 is
 * abandoned at its headers. Redirects are not followed. The {@code Content-Type} must be
 * {@code application/json} or {@code application/jwk-set+json}. Plain {@code http} is refused
 * unless the host is literally loopback ({@code localhost}, {@code 127.x.y.z}, {@code [::1]}).
 * The document is read by the same strict JSON reader as key files, then key by key: a key
 * Signet cannot use is skipped and the others still verify. Skipped are symmetric keys, keys
 * with private members ({@code d}, {@code p}, {@code q}…: logged at ERROR, since the issuer has
 * leaked them), keys with a {@code use} other than {@code sig} or {@code key_ops} without
 * {@code verify}, encryption algorithms, malformed keys and keys that break Signet's key policy
 * (see {@link VerificationKey}); {@link #whyUnusable} tells why, and {@link TokenVerifier} puts it
 * in the rejection detail. With {@link Builder#denyPrivateAddresses()}, a host that resolves to
 * any non-public address is refused; the connection goes to the address that was checked.
 *
 * <p>Thread-safe. {@link #close()} stops background refreshes; an instance that is never closed
 * holds no thread, since refreshes run on a shared executor by default.
 */
public final class RemoteJwks implements KeySource, AutoCloseable {
  /** Background refreshes by default: virtual threads, so that an unclosed instance keeps no JVM alive. */
  private static final Executor REFRESHES = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("signet-jwks-refresh-", 0).factory());

  private final URI uri;
  private final BoundedFetcher fetcher;
  private final JwksCache cache;

  private RemoteJwks(Builder b) {
    this.uri = b.uri;
    this.fetcher = new BoundedFetcher(b.connectTimeout, b.fetchTimeout, b.maxBytes, b.allowPrivateAddresses, BoundedFetcher.Resolver.SYSTEM);
    Duration spacing = Duration.ofMinutes(1).dividedBy(b.maxFetchesPerMinute);
    this.cache = new JwksCache(uri, () -> fetcher.fetch(uri),
        new JwksCache.Settings(b.cacheTtl, b.outageTolerance, spacing, b.unknownKidTtl, b.fetchTimeout), b.clock, b.executor);
  }

  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * The usable signing keys with {@code kid} (every one when null), from the cached document.
   * See the class comment for when this fetches and how long it may wait.
   *
   * @throws KeySourceException when there is no document, or only one older than
   *     {@code cacheTtl + outageTolerance}, and fetching fails
   */
  @Override
  public List<VerificationKey> keys(@Nullable String kid) {
    return cache.keys(kid);
  }

  /** Why the document's key with {@code kid} was skipped (private part published, too weak, for encryption…). */
  @Override
  public Optional<String> whyUnusable(String kid) {
    return cache.whyUnusable(Objects.requireNonNull(kid, "kid"));
  }

  /** Stops background refreshes and aborts a fetch under way. The document in hand still answers. */
  @Override
  public void close() {
    cache.close();
    fetcher.close();
  }

  @Override
  public String toString() {
    return "RemoteJwks[" + uri + "]";
  }

  /** Settings for a {@link RemoteJwks}; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private int maxFetchesPerMinute = 6;
    private Duration outageTolerance = Duration.ofHours(1);
    private Duration unknownKidTtl = Duration.ofMinutes(1);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration fetchTimeout = Duration.ofSeconds(5);
    private int maxBytes = 256 * 1024;
    private boolean allowPrivateAddresses = true;
    private boolean allowPlainHttp;
    private Clock clock = Clock.systemUTC();
    private Executor executor = REFRESHES;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** How long a fetched document answers before it must be fetched again (default 5 min). */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Objects.requireNonNull(ttl, "cacheTtl");
      return this;
    }

    /**
     * The most fetches a minute, for any reason: fetches start at least {@code 60 s / count}
     * apart (default 6, every 10 s at most; 1 to 600).
     */
    public Builder maxFetchesPerMinute(int count) {
      this.maxFetchesPerMinute = count;
      return this;
    }

    /** How long past {@link #cacheTtl} the last document answers while fetching fails (default 1 h). */
    public Builder outageTolerance(Duration tolerance) {
      this.outageTolerance = Objects.requireNonNull(tolerance, "outageTolerance");
      return this;
    }

    /** How long a kid that triggered a refetch is answered as unknown without another (default 1 min). */
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

    /** Larger documents are refused while downloading (default 256 KiB; 1 KiB to 512 KiB). */
    public Builder maxBytes(int bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Refuses hosts that resolve to any non-public address (loopback, private, link-local,
     * carrier-grade NAT, documentation, multicast, reserved, and IPv6 forms that embed such an
     * IPv4 address): for URLs that untrusted parties supply (default: allowed, since issuers often
     * live on private networks).
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

    /** The clock that ages documents and remembered kids (default: the system's, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs background refreshes, one at a time per instance, each up to {@link #fetchTimeout}
     * (default: a virtual thread per refresh).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The key source, after checking every setting.
     *
     * @throws IllegalStateException naming the first setting that is wrong
     */
    public RemoteJwks build() {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
        throw new IllegalStateException("JWKS URI must be an absolute http(s) URL: " + uri);
      }
      if (scheme.equals("http") && !allowPlainHttp && !SpecialAddresses.isLoopbackLiteral(uri.getHost())) {
        throw new IllegalStateException("JWKS URI must use https unless the host is loopback: " + uri);
      }
      requirePositive("cacheTtl", cacheTtl);
      requirePositive("unknownKidTtl", unknownKidTtl);
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("fetchTimeout", fetchTimeout);
      if (maxFetchesPerMinute < 1 || maxFetchesPerMinute > 600) {
        throw new IllegalStateException("maxFetchesPerMinute must be 1 to 600: " + maxFetchesPerMinute);
      }
      if (outageTolerance.isNegative()) {
        throw new IllegalStateException("outageTolerance must not be negative: " + outageTolerance);
      }
      if (maxBytes < 1024 || maxBytes > JsonCodec.MAX_JSON_CHARS) {
        throw new IllegalStateException("maxBytes must be 1 KiB to 512 KiB: " + maxBytes);
      }
      return new RemoteJwks(this);
    }

    private static void requirePositive(String name, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalStateException(name + " must be positive: " + d);
      }
    }
  }
}
