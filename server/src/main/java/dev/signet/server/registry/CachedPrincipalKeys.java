package dev.signet.server.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.KeySourceException;
import dev.signet.PrincipalKeys;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import dev.signet.server.storage.DatabaseUnavailableException;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
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
 * <p>Thread-safe.
 */
public final class CachedPrincipalKeys implements PrincipalKeys {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
  private static final int MAX_PRINCIPALS = 100_000;
  private static final Logger log = LoggerFactory.getLogger(CachedPrincipalKeys.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final KeyRegistry registry;
  private final Clock clock;
  private final Cache<String, Optional<Entry>> cache;
  private final PublishedKeys published;

  /** Keys cached for {@link #DEFAULT_TTL}; {@code jwks_uri}s naming private or loopback addresses are never fetched. */
  public CachedPrincipalKeys(KeyRegistry registry) {
    this(registry, DEFAULT_TTL, PublishedKeys.denyingPrivateAddresses(java.util.List.of()));
  }

  /** Keys cached for {@code ttl}; principals with a {@code jwks_uri} get theirs from {@code published}. */
  public CachedPrincipalKeys(KeyRegistry registry, Duration ttl, PublishedKeys published) {
    this(registry, ttl, Clock.systemUTC(), Ticker.systemTicker(), published);
  }

  /** For tests: validity is judged and entries expire by {@code clock}. */
  CachedPrincipalKeys(KeyRegistry registry, Duration ttl, Clock clock) {
    this(registry, ttl, clock, () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }, PublishedKeys.denyingPrivateAddresses(java.util.List.of()));
  }

  private CachedPrincipalKeys(KeyRegistry registry, Duration ttl, Clock clock, Ticker ticker, PublishedKeys published) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = clock;
    this.published = Objects.requireNonNull(published, "published");
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_PRINCIPALS).ticker(ticker).build();
    registry.onChange(cache::invalidate);
  }

  /**
   * {@inheritDoc}
   *
   * @throws KeySourceException if the database cannot be read and nothing fresh is cached
   */
  @Override
  public Optional<List<VerificationKey>> keysOf(String principal) {
    if (!NAME.matcher(principal).matches()) {
      return Optional.empty(); // no such principal can exist; keep junk out of the cache and the database
    }
    Optional<Entry> entry = entry(principal);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    List<VerificationKey> keys = new ArrayList<>();
    entry.get().keys().stream().filter(k -> k.usableAt(now)).map(CachedKey::key).forEach(keys::add);
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
   * @throws KeySourceException if the database cannot be read and nothing fresh is cached
   */
  public Optional<java.util.Set<String>> scopesOf(String principal) {
    return NAME.matcher(principal).matches() ? entry(principal).map(Entry::scopes) : Optional.empty();
  }

  private Optional<Entry> entry(String principal) {
    try {
      return cache.get(principal, this::load);
    } catch (DatabaseUnavailableException e) {
      throw new KeySourceException("cannot look up the keys of principal '" + principal + "': " + e.getMessage(), e);
    }
  }

  private Optional<Entry> load(String principal) {
    return registry.enabledKeysOf(principal).map(enabled -> {
      List<RegisteredKey> keys = enabled.keys();
      List<CachedKey> usable = new ArrayList<>(keys.size());
      for (RegisteredKey k : keys) {
        try {
          usable.add(new CachedKey(k.verificationKey(), k.notBefore(), k.notAfter()));
        } catch (UnusableKeyException e) { // stored under an older, weaker key policy
          log.warn("ignoring key {} of principal {}: {}", k.kid(), principal, e.getMessage());
        }
      }
      return new Entry(List.copyOf(usable), enabled.principal().jwksUri(), enabled.principal().scopes());
    });
  }

  /** What is cached per enabled principal: its uploaded keys, where it publishes more, if it does, and its scopes. */
  private record Entry(List<CachedKey> keys, @Nullable URI jwksUri, java.util.Set<String> scopes) {}

  private record CachedKey(VerificationKey key, @Nullable Instant notBefore, @Nullable Instant notAfter) {
    boolean usableAt(Instant now) {
      return (notBefore == null || !now.isBefore(notBefore)) && (notAfter == null || now.isBefore(notAfter));
    }
  }
}
