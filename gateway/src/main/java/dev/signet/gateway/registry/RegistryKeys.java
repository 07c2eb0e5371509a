package dev.signet.gateway.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.KeySourceException;
import dev.signet.PrincipalKeys;
import dev.signet.TokenSigner;
import dev.signet.VerificationKey;
import dev.signet.internal.StaleIfError;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of request-token principals as a Signet server's key registry holds them, for the
 * gateway's {@code request_tokens: {registry: …}}.
 *
 * <p><b>Cache.</b> A principal's answer (its keys, or that it is unknown or disabled) is used for
 * {@code cacheTtl}, then looked up again by the first request that needs it; concurrent requests
 * for the same principal share one look-up. A key's {@code not_before}/{@code not_after} are
 * judged on every call. So a key deleted or disabled in the registry, or a principal disabled or
 * deleted, stops verifying here at most {@code cacheTtl} later.
 *
 * <p><b>Fetch bound.</b> Look-ups of names not known to exist (never seen, or last answered
 * unknown) take a token from a bucket of {@code maxFetchesPerMinute} refilled evenly; once it is
 * empty such a name is answered unknown (a 401) without asking, so a flood of made-up names costs
 * the registry at most that many requests a minute. Refreshes of principals known to exist do not
 * take from it: there is one per principal per {@code cacheTtl} at most. Names that cannot exist
 * (not 1-64 of {@code [A-Za-z0-9._@-]}) are never asked for.
 *
 * <p><b>Registry down.</b> When a refresh fails, the last answer keeps being used until it is
 * {@code cacheTtl + staleIfError} old; meanwhile one request per principal and per
 * {@link #retryInterval} asks again and the others do not wait. A principal with no usable answer
 * gets {@link KeySourceException} (a 503).
 *
 * <p>Thread-safe. {@link #close()} aborts look-ups under way.
 */
public final class RegistryKeys implements PrincipalKeys, AutoCloseable {
  private static final int MAX_PRINCIPALS = 100_000;
  private static final Duration MIN_RETRY_INTERVAL = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(RegistryKeys.class);

  /** How the registry is read; a {@link RegistryClient} in production. */
  @FunctionalInterface
  interface Source {
    Optional<List<RegistryClient.Key>> lookUp(String name) throws IOException;
  }

  private final Source source;
  private final @Nullable AutoCloseable closeable;
  private final Duration ttl;
  private final Duration staleIfError;
  private final Duration retryInterval;
  private final Clock clock;
  private final FetchBudget budget;
  private final Cache<String, StaleIfError<Optional<List<RegistryClient.Key>>>> cache;
  private final ConcurrentHashMap<String, CompletableFuture<StaleIfError<Optional<List<RegistryClient.Key>>>>> running =
      new ConcurrentHashMap<>();
  private final AtomicBoolean degraded = new AtomicBoolean();

  RegistryKeys(Source source, @Nullable AutoCloseable closeable, Duration ttl, Duration staleIfError, int maxFetchesPerMinute,
      Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.closeable = closeable;
    this.ttl = requirePositive(ttl, "cacheTtl");
    this.staleIfError = Objects.requireNonNull(staleIfError, "staleIfError");
    if (staleIfError.isNegative()) {
      throw new IllegalArgumentException("staleIfError must not be negative: " + staleIfError);
    }
    this.retryInterval = ttl.compareTo(MIN_RETRY_INTERVAL) > 0 ? ttl : MIN_RETRY_INTERVAL;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.budget = new FetchBudget(maxFetchesPerMinute, clock);
    this.cache = Caffeine.newBuilder().maximumSize(MAX_PRINCIPALS).expireAfterWrite(ttl.plus(staleIfError)).ticker(() -> {
      Instant now = clock.instant(); // entries age by the same clock as answers
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }).build();
  }

  /**
   * The registry at {@code url}, read as {@code principal} with request tokens of {@code signer},
   * whose {@code aud} is {@code audience} (null: the compatible profile, bound to each request).
   */
  public static RegistryKeys of(URI url, String principal, TokenSigner signer, @Nullable String audience, Duration cacheTtl,
      Duration staleIfError, int maxFetchesPerMinute, Clock clock) {
    RegistryClient client = new RegistryClient(url, signer, principal, audience);
    RegistryKeys keys = new RegistryKeys(client::lookUp, client, cacheTtl, staleIfError, maxFetchesPerMinute, clock);
    log.info("request-token principals are looked up in the registry at {} as {} (cache_ttl {}, stale_if_error {},"
        + " at most {} look-ups a minute of names not known to exist)", url, principal, cacheTtl, staleIfError, maxFetchesPerMinute);
    return keys;
  }

  /** How often a principal served stale asks again: the ttl, at least a second. */
  Duration retryInterval() {
    return retryInterval;
  }

  /**
   * {@inheritDoc}
   *
   * @throws KeySourceException when the registry cannot be asked and no answer may be used
   */
  @Override
  public Optional<List<VerificationKey>> keysOf(String principal) {
    if (principal.isEmpty() || principal.length() > 64 || !principal.chars().allMatch(RegistryKeys::isNameChar)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    StaleIfError<Optional<List<RegistryClient.Key>>> cached = cache.getIfPresent(principal);
    if (cached != null && (cached.freshAt(now) || (cached.failing() && cached.servableAt(now) && !cached.claimRetry(now, retryInterval)))) {
      return keysAt(cached, now);
    }
    CompletableFuture<StaleIfError<Optional<List<RegistryClient.Key>>>> mine = new CompletableFuture<>();
    CompletableFuture<StaleIfError<Optional<List<RegistryClient.Key>>>> other = running.putIfAbsent(principal, mine);
    if (other != null) {
      return await(principal, other, cached, now);
    }
    try {
      StaleIfError<Optional<List<RegistryClient.Key>>> meanwhile = cache.getIfPresent(principal);
      if (meanwhile != null && meanwhile != cached && meanwhile.freshAt(now)) { // a look-up ended between our two reads
        mine.complete(meanwhile);
        return keysAt(meanwhile, now);
      }
      boolean known = cached != null && cached.value().isPresent() && cached.servableAt(now);
      if (!known && !budget.tryTake()) {
        log.debug("registry look-up of {} skipped: over {} a minute", principal, budget.perMinute());
        mine.complete(cached != null && cached.servableAt(now) ? cached : answer(Optional.empty(), now));
        return keysAt(mine.join(), now);
      }
      StaleIfError<Optional<List<RegistryClient.Key>>> answer = load(principal, cached, now);
      mine.complete(answer);
      return keysAt(answer, now);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(principal, mine);
    }
  }

  /** A fresh answer, or, when the registry fails, {@code cached} while it may be used. */
  private StaleIfError<Optional<List<RegistryClient.Key>>> load(String principal,
      @Nullable StaleIfError<Optional<List<RegistryClient.Key>>> cached, Instant now) {
    try {
      StaleIfError<Optional<List<RegistryClient.Key>>> answer = answer(source.lookUp(principal), clock.instant());
      cache.put(principal, answer);
      if (degraded.compareAndSet(true, false)) {
        log.info("registry reachable again: principals' keys are refreshed every {} as usual", ttl);
      }
      return answer;
    } catch (IOException e) {
      if (cached == null || !cached.servableAt(now)) {
        throw new KeySourceException("cannot look up the keys of principal '" + principal + "' in the registry: " + e.getMessage(), e);
      }
      if (degraded.compareAndSet(false, true)) {
        log.warn("registry unreachable: principals already looked up keep their keys for up to {} past cache_ttl (stale_if_error): {}",
            staleIfError, e.getMessage());
      }
      cached.failedAt(now, retryInterval);
      return cached;
    }
  }

  private Optional<List<VerificationKey>> await(String principal, CompletableFuture<StaleIfError<Optional<List<RegistryClient.Key>>>> other,
      @Nullable StaleIfError<Optional<List<RegistryClient.Key>>> cached, Instant now) {
    try {
      return keysAt(other.get(RegistryClient.FETCH_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS), now);
    } catch (ExecutionException | TimeoutException e) {
      if (cached != null && cached.servableAt(now)) {
        return keysAt(cached, now);
      }
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new KeySourceException("cannot look up the keys of principal '" + principal + "' in the registry: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted while looking up principal '" + principal + "'", e);
    }
  }

  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-';
  }

  private static Duration requirePositive(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  /** Aborts look-ups under way; later ones fail, and what is cached keeps answering. */
  @Override
  public void close() {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", closeable, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "RegistryKeys[" + (closeable == null ? source : closeable) + ", cache_ttl=" + ttl + "]";
  }

  /** A principal as the registry answered (empty: unknown or disabled), and when. */
  private StaleIfError<Optional<List<RegistryClient.Key>>> answer(Optional<List<RegistryClient.Key>> keys, Instant at) {
    return new StaleIfError<>(keys, at, ttl, staleIfError);
  }

  private static Optional<List<VerificationKey>> keysAt(StaleIfError<Optional<List<RegistryClient.Key>>> answer, Instant now) {
    return answer.value().map(list -> list.stream().filter(k -> k.usableAt(now)).map(RegistryClient.Key::key).toList());
  }
}
