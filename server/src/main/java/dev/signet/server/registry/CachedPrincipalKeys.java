package dev.signet.server.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.KeySourceException;
import dev.signet.PrincipalKeys;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import dev.signet.internal.Quantities;
import dev.signet.internal.StaleIfError;
import dev.signet.server.storage.DatabaseUnavailableException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PrincipalKeys} the request-token verifier reads: the registry's keys behind a
 * Caffeine cache, so that a request costs no query while its principal's entry is fresh. It
 * returns the keys that are not disabled, of an enabled principal, and within their {@code
 * not_before}/{@code not_after} now (checked on every call, so a key expires on time even while
 * cached). Unknown and disabled principals are cached too, as empty.
 *
 * <p><b>Staleness bound.</b> A change made through the {@link KeyRegistry} this instance was built
 * on (including enrollments through it) is visible at once: the entry is dropped when the change
 * commits. A change made by another server instance sharing the database becomes visible here
 * after at most {@code ttl} (default 2 s): a disabled key or principal may still verify requests
 * on this instance for that long.
 *
 * <p><b>Stale if error.</b> When an entry is due for a refresh and the database cannot be reached,
 * the entry keeps being served for up to {@code staleIfError} past its ttl (RFC 5861's
 * {@code stale-if-error}, default 5 min; zero disables it), so that principals already cached
 * keep authenticating through a database outage. While it is served stale, one request per
 * principal and per {@link #retryInterval} tries the database again (waiting at most {@link
 * dev.signet.server.storage.Database#REQUEST_WAIT}); the others do not wait. The price: during an
 * outage of this instance's database connection, a change made through another instance is seen
 * here only after {@code ttl + staleIfError}. A principal not cached when the outage begins gets
 * a {@link KeySourceException} (503).
 *
 * <p>Thread-safe.
 */
public final class CachedPrincipalKeys implements PrincipalKeys, AutoCloseable {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofMinutes(5);
  private static final Duration MIN_RETRY_INTERVAL = Duration.ofSeconds(1);
  private static final int MAX_PRINCIPALS = 100_000;
  private static final Logger log = LoggerFactory.getLogger(CachedPrincipalKeys.class);

  private final Function<String, Optional<KeyRegistry.EnabledPrincipal>> loader;
  private final Clock clock;
  private final Duration ttl;
  private final Duration staleIfError;
  private final Duration retryInterval;
  private final Cache<String, StaleIfError<Optional<Entry>>> cache;
  private final PublishedKeys published;
  private final AtomicBoolean degraded = new AtomicBoolean();

  /** Keys cached for {@link #DEFAULT_TTL}; {@code jwks_uri}s naming private or loopback addresses are never fetched. */
  public CachedPrincipalKeys(KeyRegistry registry) {
    this(registry, DEFAULT_TTL, DEFAULT_STALE_IF_ERROR, PublishedKeys.denyingPrivateAddresses(java.util.List.of()));
  }

  /**
   * Keys cached for {@code ttl}, and served up to {@code staleIfError} longer while the database
   * cannot be reached; principals with a {@code jwks_uri} get theirs from {@code published}.
   */
  public CachedPrincipalKeys(KeyRegistry registry, Duration ttl, Duration staleIfError, PublishedKeys published) {
    this(registry, ttl, staleIfError, Clock.systemUTC(), Ticker.systemTicker(), published);
  }

  /** For tests: validity is judged and entries expire by {@code clock}. */
  CachedPrincipalKeys(KeyRegistry registry, Duration ttl, Duration staleIfError, Clock clock) {
    this(registry, registry::enabledKeysOf, ttl, staleIfError, clock);
  }

  /** For tests: principals are read through {@code loader} (which may fail as the database does). */
  CachedPrincipalKeys(KeyRegistry registry, Function<String, Optional<KeyRegistry.EnabledPrincipal>> loader, Duration ttl,
      Duration staleIfError, Clock clock) {
    this(registry, loader, ttl, staleIfError, clock, () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }, PublishedKeys.denyingPrivateAddresses(java.util.List.of()));
  }

  private CachedPrincipalKeys(KeyRegistry registry, Duration ttl, Duration staleIfError, Clock clock, Ticker ticker,
      PublishedKeys published) {
    this(registry, registry::enabledKeysOf, ttl, staleIfError, clock, ticker, published);
  }

  private CachedPrincipalKeys(KeyRegistry registry, Function<String, Optional<KeyRegistry.EnabledPrincipal>> loader, Duration ttl,
      Duration staleIfError, Clock clock, Ticker ticker, PublishedKeys published) {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(staleIfError, "staleIfError");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
    if (staleIfError.isNegative()) {
      throw new IllegalArgumentException("staleIfError must not be negative: " + staleIfError);
    }
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = clock;
    this.ttl = ttl;
    this.staleIfError = staleIfError;
    this.retryInterval = ttl.compareTo(MIN_RETRY_INTERVAL) > 0 ? ttl : MIN_RETRY_INTERVAL;
    this.published = Objects.requireNonNull(published, "published");
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl.plus(staleIfError)).maximumSize(MAX_PRINCIPALS).ticker(ticker).build();
    registry.onChange(cache::invalidate);
  }

  /** How often a principal served stale tries the database again: the ttl, at least a second. */
  Duration retryInterval() {
    return retryInterval;
  }

  /**
   * {@inheritDoc}
   *
   * @throws KeySourceException if the database cannot be read and nothing is cached that may be served
   */
  @Override
  public Optional<List<VerificationKey>> keysOf(String principal) {
    if (!Names.isPrincipalText(principal)) {
      return Optional.empty(); // no such principal can exist; keep junk out of the cache and the database
    }
    Optional<Entry> entry = entry(principal);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    List<VerificationKey> always = entry.get().always();
    if (always != null) {
      return Optional.of(always);
    }
    Instant now = clock.instant();
    List<VerificationKey> keys = new ArrayList<>();
    for (CachedKey k : entry.get().keys()) {
      if (k.usableAt(now)) {
        keys.add(k.key());
      }
    }
    URI jwksUri = entry.get().jwksUri();
    if (jwksUri != null) {
      keys.addAll(published.keysAt(jwksUri)); // cached and refreshed by its own RemoteJwks
    }
    return Optional.of(List.copyOf(keys));
  }

  /**
   * The scopes of an enabled principal, from the same cache as its keys (so as fresh as they are);
   * empty for an unknown or disabled principal.
   *
   * @throws KeySourceException if the database cannot be read and nothing is cached that may be served
   */
  public Optional<java.util.Set<String>> scopesOf(String principal) {
    return Names.isPrincipalText(principal) ? entry(principal).map(Entry::scopes) : Optional.empty();
  }

  /**
   * An enabled principal, from the same cache as its keys; empty for an unknown or disabled one.
   *
   * @throws KeySourceException if the database cannot be read and nothing is cached that may be served
   */
  public Optional<Principal> principal(String name) {
    return Names.isPrincipalText(name) ? entry(name).map(Entry::principal) : Optional.empty();
  }

  private Optional<Entry> entry(String principal) {
    Instant now = clock.instant();
    StaleIfError<Optional<Entry>> cached = cache.getIfPresent(principal);
    if (cached != null && cached.freshAt(now)) {
      return cached.value();
    }
    try {
      if (cached != null && cached.failing() && cached.servableAt(now)) {
        return cached.claimRetry(now, retryInterval) ? retry(principal, cached).value() : cached.value();
      }
      // one load per principal at a time; who waited for it takes its result, or its stale fallback
      return cache.asMap().compute(principal, (name, current) ->
          current != null && (current.freshAt(clock.instant()) || (current.failing() && current.servableAt(clock.instant())))
              ? current : loadOrKeep(name, current)).value();
    } catch (DatabaseUnavailableException e) {
      throw new KeySourceException("cannot look up the keys of principal '" + principal + "': " + e.getMessage(), e);
    }
  }

  /** The try of the database due while {@code stale} is served; the other callers meanwhile get {@code stale} at once. */
  private StaleIfError<Optional<Entry>> retry(String principal, StaleIfError<Optional<Entry>> stale) {
    StaleIfError<Optional<Entry>> loaded = loadOrKeep(principal, stale);
    if (loaded != stale) {
      cache.asMap().replace(principal, stale, loaded); // unless a change invalidated the entry meanwhile
    }
    return loaded;
  }

  /** A fresh entry, or, if the database fails, {@code current} while it may be served stale. */
  private StaleIfError<Optional<Entry>> loadOrKeep(String principal, @Nullable StaleIfError<Optional<Entry>> current) {
    try {
      StaleIfError<Optional<Entry>> loaded = new StaleIfError<>(load(principal), clock.instant(), ttl, staleIfError);
      if (degraded.compareAndSet(true, false)) {
        log.info("database reachable again: cached keys are refreshed every {} as usual", Quantities.format(ttl));
      }
      return loaded;
    } catch (DatabaseUnavailableException e) {
      Instant now = clock.instant();
      if (current == null || !current.servableAt(now)) {
        throw e;
      }
      if (degraded.compareAndSet(false, true)) {
        log.warn("database unreachable: principals already cached keep authenticating for up to {} past the key cache ttl"
            + " (--key-cache-stale-if-error): {}", Quantities.format(staleIfError), e.getMessage());
      }
      current.failedAt(now, retryInterval);
      return current;
    }
  }

  private Optional<Entry> load(String principal) {
    return loader.apply(principal).map(enabled -> {
      List<RegisteredKey> keys = enabled.keys();
      List<CachedKey> usable = new ArrayList<>(keys.size());
      for (RegisteredKey k : keys) {
        try {
          usable.add(new CachedKey(k.verificationKey(), k.notBefore(), k.notAfter()));
        } catch (UnusableKeyException e) { // stored under an older, weaker key policy
          log.warn("ignoring key {} of principal {}: {}", k.kid(), principal, e.getMessage());
        }
      }
      return Entry.of(List.copyOf(usable), enabled.principal());
    });
  }

  /**
   * What is cached per enabled principal: its uploaded keys, where it publishes more, if it does, and its scopes;
   * {@code always}: the keys, when none has a validity window and the principal publishes none (then every
   * request gets the same list).
   */
  private record Entry(List<CachedKey> keys, Principal principal, @Nullable List<VerificationKey> always) {
    static Entry of(List<CachedKey> keys, Principal principal) {
      boolean unbounded = principal.jwksUri() == null && keys.stream().allMatch(k -> k.notBefore() == null && k.notAfter() == null);
      return new Entry(keys, principal, unbounded ? keys.stream().map(CachedKey::key).toList() : null);
    }

    @Nullable URI jwksUri() {
      return principal.jwksUri();
    }

    java.util.Set<String> scopes() {
      return principal.scopes();
    }
  }

  private record CachedKey(VerificationKey key, @Nullable Instant notBefore, @Nullable Instant notAfter) {
    boolean usableAt(Instant now) {
      return (notBefore == null || !now.isBefore(notBefore)) && (notAfter == null || now.isBefore(notAfter));
    }
  }

  /** Closes the remote JWKS sources of principals that publish their keys; the registry stays open. */
  @Override
  public void close() {
    published.close();
  }
}
