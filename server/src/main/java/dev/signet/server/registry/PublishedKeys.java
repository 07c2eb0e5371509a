package dev.signet.server.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.RemoteJwks;
import dev.signet.VerificationKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Keys that principals publish at their own {@code jwks_uri}, fetched through one cached
 * {@link RemoteJwks} per URI (its rules: fetch bound, outage tolerance, what is refused). These
 * URIs come from the registry, set by admins, but they name hosts Signet then connects to, so by
 * default a URI whose host resolves to any non-public address (loopback, private, link-local,
 * and the other special-use blocks) is refused, and the connection goes to the address that was
 * checked (no SSRF into the server's network, DNS rebinding included); hosts on the allow-list
 * ({@code --jwks-allow-private-hosts}) are exempt. Redirects are never followed.
 *
 * <p>At most {@value #MAX_SOURCES} URIs are kept, each for an hour after its last use; one that
 * leaves the cache is closed, and {@link #close()} closes them all. Thread-safe.
 */
public final class PublishedKeys implements AutoCloseable {
  private static final int MAX_SOURCES = 10_000;
  private static final Duration IDLE = Duration.ofHours(1);

  private final Set<String> privateHostsAllowed;
  private final Function<URI, RemoteJwks> factory;
  private final Cache<URI, RemoteJwks> sources;

  private PublishedKeys(Set<String> privateHostsAllowed, @Nullable Function<URI, RemoteJwks> factory, Ticker ticker) {
    this.privateHostsAllowed = privateHostsAllowed;
    this.factory = factory == null ? this::source : factory;
    this.sources = Caffeine.newBuilder()
        .maximumSize(MAX_SOURCES)
        .expireAfterAccess(IDLE)
        .ticker(ticker)
        .executor(Runnable::run) // close evicted sources now, not on a pool
        .<URI, RemoteJwks>removalListener((uri, source, cause) -> {
          if (source != null) {
            source.close();
          }
        })
        .build();
  }

  /** Refuses non-public addresses except for the hosts listed. */
  public static PublishedKeys denyingPrivateAddresses(List<String> exceptHosts) {
    return new PublishedKeys(lowerCase(exceptHosts), null, Ticker.systemTicker());
  }

  /** For tests: sources made by {@code factory}, idle time measured by {@code ticker}. */
  static PublishedKeys forTest(Function<URI, RemoteJwks> factory, Ticker ticker) {
    return new PublishedKeys(Set.of(), factory, ticker);
  }

  private static Set<String> lowerCase(List<String> hosts) {
    return hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The signing keys published at {@code uri}.
   *
   * @throws dev.signet.KeySourceException when the document cannot be had and nothing usable is cached
   */
  public List<VerificationKey> keysAt(URI uri) {
    return sources.get(uri, factory).keys(null);
  }

  private RemoteJwks source(URI uri) {
    RemoteJwks.Builder builder = RemoteJwks.builder(uri);
    if (!privateHostsAllowed.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      builder.denyPrivateAddresses();
    }
    return builder.build();
  }

  /** Drops sources idle for too long now (Caffeine otherwise does it as the cache is used). */
  void cleanUp() {
    sources.cleanUp();
  }

  /** Closes every source. */
  @Override
  public void close() {
    sources.invalidateAll();
    sources.cleanUp();
  }

  @Override
  public String toString() {
    return "PublishedKeys[" + sources.estimatedSize() + " sources, private hosts allowed: " + privateHostsAllowed + "]";
  }
}
