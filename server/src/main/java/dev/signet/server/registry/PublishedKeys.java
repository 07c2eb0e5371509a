package dev.signet.server.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.RemoteJwks;
import dev.signet.VerificationKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keys that principals publish at their own {@code jwks_uri}, fetched through one cached
 * {@link RemoteJwks} per URI. These URIs come from the registry, set by admins, but they name
 * hosts Signet then connects to, so by default a URI whose host resolves to a loopback, private or
 * link-local address is refused (no SSRF into the server's network); hosts on the allow-list
 * ({@code --jwks-allow-private-hosts}) are exempt. Redirects are never followed.
 *
 * <p>Thread-safe.
 */
public final class PublishedKeys {
  private static final int MAX_SOURCES = 10_000;

  private final Set<String> privateHostsAllowed;
  private final Cache<URI, RemoteJwks> sources = Caffeine.newBuilder().maximumSize(MAX_SOURCES).expireAfterAccess(Duration.ofHours(1)).build();

  private PublishedKeys(Set<String> privateHostsAllowed) {
    this.privateHostsAllowed = privateHostsAllowed;
  }

  /** Refuses non-public addresses except for the hosts listed. */
  public static PublishedKeys denyingPrivateAddresses(List<String> exceptHosts) {
    return new PublishedKeys(exceptHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
  }

  /**
   * The signing keys published at {@code uri}.
   *
   * @throws dev.signet.KeySourceException when the document cannot be had and nothing is cached
   */
  public List<VerificationKey> keysAt(URI uri) {
    return sources.get(uri, this::source).keys(null);
  }

  private RemoteJwks source(URI uri) {
    RemoteJwks.Builder builder = RemoteJwks.builder(uri);
    if (!privateHostsAllowed.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      builder.denyPrivateAddresses();
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "PublishedKeys[" + sources.estimatedSize() + " sources, private hosts allowed: " + privateHostsAllowed + "]";
  }
}
