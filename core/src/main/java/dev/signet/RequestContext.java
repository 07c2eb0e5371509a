package dev.signet;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP request a request token is bound to (or checked against): method, full URL and body.
 *
 * <p>The URL is the one the client addressed, scheme and host included; behind a proxy that is
 * the public URL, not the server's own. A server that answers under several names (its public
 * URLs) gives the same request under each of the others with {@link #alsoAddressedAs}; a token's
 * {@code htu} and {@code qsh} then match if they match any one of them. Never build these URLs
 * from a {@code Host} or {@code X-Forwarded-*} header a client controls: a token bound to another
 * server would then pass. Immutable; the body is copied in and out.
 */
public final class RequestContext {
  private static final int MAX_URIS = 16;

  private final String method;
  private final List<URI> uris;
  private final byte[] body;

  private RequestContext(String method, List<URI> uris, byte[] body) {
    if (method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank");
    }
    for (URI uri : uris) {
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException("uri must be absolute with a host: " + uri);
      }
    }
    if (uris.size() > MAX_URIS) {
      throw new IllegalArgumentException("at most " + MAX_URIS + " URLs for one request, not " + uris.size());
    }
    this.method = method;
    this.uris = uris;
    this.body = body;
  }

  /** A request without a body. */
  public static RequestContext of(String method, URI uri) {
    return new RequestContext(Objects.requireNonNull(method, "method"), List.of(Objects.requireNonNull(uri, "uri")), new byte[0]);
  }

  /** A request with a body. */
  public static RequestContext of(String method, URI uri, byte[] body) {
    return new RequestContext(
        Objects.requireNonNull(method, "method"), List.of(Objects.requireNonNull(uri, "uri")), body.clone());
  }

  /**
   * This request, also addressed as each of {@code others}: the same path and query under the
   * server's other public base URLs. {@link #uri()} stays the first.
   *
   * @throws IllegalArgumentException if a URL is not absolute with a host, or there are more than 16 in all
   */
  public RequestContext alsoAddressedAs(Collection<URI> others) {
    List<URI> all = new ArrayList<>(uris);
    for (URI other : others) {
      if (!all.contains(Objects.requireNonNull(other, "uri"))) {
        all.add(other);
      }
    }
    return new RequestContext(method, List.copyOf(all), body);
  }

  public String method() {
    return method;
  }

  /** The URL the request is checked against first. */
  public URI uri() {
    return uris.getFirst();
  }

  /** Every URL this request may be addressed as: {@link #uri()} first, then those of {@link #alsoAddressedAs}. */
  public List<URI> uris() {
    return uris;
  }

  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext other
        && method.equals(other.method)
        && uris.equals(other.uris)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, uris, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return method + " " + uri() + (uris.size() > 1 ? " (also as " + uris.subList(1, uris.size()) + ")" : "")
        + " (" + body.length + " body bytes)";
  }
}
