package dev.signet.web;

import dev.signet.KeySource;
import dev.signet.KeySourceException;
import dev.signet.RemoteJwks;
import dev.signet.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's keys found through its metadata: RFC 8414 {@code /.well-known/oauth-authorization-server}
 * (inserted before the issuer's path, RFC 8414 §3.1), then OpenID Connect Discovery's
 * {@code /.well-known/openid-configuration} (appended to it). The document's {@code issuer} must
 * equal the configured one exactly (RFC 8414 §3.3), and its {@code jwks_uri} becomes a
 * {@link RemoteJwks} that this source then asks.
 *
 * <p>Nothing is fetched before the first token of that issuer arrives. A failed discovery is
 * {@link KeySourceException} (503) and is not retried for {@link #RETRY_SPACING}, so that a flood of
 * tokens cannot turn into a flood of metadata requests. Thread-safe.
 */
final class Discovery implements KeySource, AutoCloseable {
  static final Duration RETRY_SPACING = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(Discovery.class);

  private final String issuer;
  private final Function<URI, RemoteJwks> jwksFactory;
  private final Clock clock;
  private volatile @Nullable RemoteJwks jwks;
  private @Nullable Instant lastFailure;
  private String lastFailureMessage = "";
  private boolean closed;

  Discovery(String issuer, Function<URI, RemoteJwks> jwksFactory, Clock clock) {
    this.issuer = issuer;
    this.jwksFactory = jwksFactory;
    this.clock = clock;
  }

  /**
   * Checks that {@code issuer} can have metadata (RFC 8414 §2: an https URL, no query, no fragment).
   *
   * @throws IllegalStateException if it cannot
   */
  static void requireDiscoverable(String issuer) {
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("issuer is not a URL, so its metadata cannot be found (give jwksUri or keys): " + issuer, e);
    }
    BoundedHttp.requireHttpUrl(uri, "an issuer whose metadata is fetched");
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalStateException("an issuer has no query or fragment (RFC 8414 §2): " + issuer);
    }
  }

  /** Where the metadata may be, in the order tried. */
  static List<URI> metadataUris(String issuer) {
    URI uri = URI.create(issuer);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    return List.of(URI.create(origin + "/.well-known/oauth-authorization-server" + path),
        URI.create(origin + path + "/.well-known/openid-configuration"));
  }

  @Override
  public List<VerificationKey> keys(@Nullable String kid) {
    return resolve().keys(kid);
  }

  @Override
  public Optional<String> whyUnusable(String kid) {
    RemoteJwks current = jwks;
    return current == null ? Optional.empty() : current.whyUnusable(kid);
  }

  private RemoteJwks resolve() {
    RemoteJwks current = jwks;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      current = jwks;
      if (current != null) {
        return current;
      }
      if (closed) {
        throw new KeySourceException("the resource server is closed");
      }
      Instant now = clock.instant();
      if (lastFailure != null && now.isBefore(lastFailure.plus(RETRY_SPACING))) {
        throw new KeySourceException(lastFailureMessage + " (next try after " + lastFailure.plus(RETRY_SPACING) + ")");
      }
      try {
        URI jwksUri = discover();
        current = jwksFactory.apply(jwksUri);
        log.info("issuer {}: keys from {}", issuer, jwksUri);
        jwks = current;
        return current;
      } catch (IOException | RuntimeException e) {
        lastFailure = now;
        lastFailureMessage = "metadata of issuer " + issuer + " unavailable: " + e.getMessage();
        throw new KeySourceException(lastFailureMessage, e);
      }
    }
  }

  private URI discover() throws IOException {
    try (HttpClient client = BoundedHttp.client(CONNECT_TIMEOUT)) {
      for (URI metadata : metadataUris(issuer)) {
        HttpRequest request = HttpRequest.newBuilder(metadata).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        BoundedHttp.JsonAnswer answer = BoundedHttp.exchange(client, request);
        if (answer.status() == 404) {
          continue;
        }
        if (answer.status() != 200) {
          throw new IOException(metadata + " answered " + answer.status());
        }
        return jwksUri(metadata, answer);
      }
    }
    throw new IOException("no metadata at " + metadataUris(issuer) + " (both answered 404)");
  }

  private URI jwksUri(URI metadata, BoundedHttp.JsonAnswer answer) throws IOException {
    Object stated = answer.json().get("issuer");
    if (!issuer.equals(stated)) {
      throw new IOException(metadata + " names issuer '" + (stated instanceof String s ? LogText.escape(s) : String.valueOf(stated))
          + "', not '" + issuer + "' (RFC 8414 §3.3: they must be identical)");
    }
    if (!(answer.json().get("jwks_uri") instanceof String jwksUri)) {
      throw new IOException(metadata + " has no jwks_uri");
    }
    try {
      return new URI(jwksUri);
    } catch (URISyntaxException e) {
      throw new IOException(metadata + " has a jwks_uri that is no URL: " + LogText.escape(jwksUri), e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    RemoteJwks current = jwks;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public String toString() {
    return "Discovery[" + issuer + (jwks == null ? "" : " -> " + jwks) + "]";
  }
}
