package dev.signet;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;

/**
 * The HTTP request a request token is bound to (or checked against): method, full URL and body.
 *
 * <p>The URL is the one the client addressed, scheme and host included; behind a proxy that is
 * the public URL, not the server's own. Immutable; the body is copied in and out.
 */
public final class RequestContext {
  private final String method;
  private final URI uri;
  private final byte[] body;

  private RequestContext(String method, URI uri, byte[] body) {
    if (method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("uri must be absolute with a host: " + uri);
    }
    this.method = method;
    this.uri = uri;
    this.body = body;
  }

  /** A request without a body. */
  public static RequestContext of(String method, URI uri) {
    return new RequestContext(Objects.requireNonNull(method, "method"), Objects.requireNonNull(uri, "uri"), new byte[0]);
  }

  /** A request with a body. */
  public static RequestContext of(String method, URI uri, byte[] body) {
    return new RequestContext(
        Objects.requireNonNull(method, "method"), Objects.requireNonNull(uri, "uri"), body.clone());
  }

  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext other
        && method.equals(other.method)
        && uri.equals(other.uri)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, uri, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return method + " " + uri + " (" + body.length + " body bytes)";
  }
}
