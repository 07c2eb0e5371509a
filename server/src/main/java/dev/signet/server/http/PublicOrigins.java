package dev.signet.server.http;

import dev.signet.RequestContext;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's own public base URLs: its issuer first, then each {@code --public-url}. These, and
 * nothing a client sends, are what a request token's {@code htu} is judged against: the request's
 * path and query under each base. A {@code Host} or {@code X-Forwarded-Host} header never adds a
 * URL; at most it picks which of these a link in an answer starts with ({@link #baseFor}), and a
 * forwarding header counts only from a {@linkplain TrustedProxies trusted proxy}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PublicOrigins {
  private static final String WHOAMI = "/whoami";

  private final URI issuer;
  private final List<URI> bases;
  private final List<String> baseTexts; // the bases as text, for the URL of every request
  private final TrustedProxies proxies;
  // GET /whoami without a query or body, the request every client makes (gh-18): the same URLs each
  // time, and a RequestContext is immutable, so it is made once instead of parsing a URI per base per request
  private final RequestContext getWhoami;

  private PublicOrigins(URI issuer, List<URI> bases, TrustedProxies proxies) {
    this.issuer = issuer;
    this.bases = bases;
    this.baseTexts = bases.stream().map(URI::toString).toList();
    this.proxies = proxies;
    this.getWhoami = request("GET", WHOAMI, null, new byte[0]);
  }

  /** {@code issuer} and {@code others}, duplicates dropped; forwarding headers believed from {@code proxies} only. */
  public static PublicOrigins of(URI issuer, List<URI> others, TrustedProxies proxies) {
    List<URI> bases = new ArrayList<>();
    bases.add(trimmed(Objects.requireNonNull(issuer, "issuer")));
    for (URI other : others) {
      URI base = trimmed(other);
      if (!bases.contains(base)) {
        bases.add(base);
      }
    }
    return new PublicOrigins(issuer, List.copyOf(bases), Objects.requireNonNull(proxies, "proxies"));
  }

  private static URI trimmed(URI base) {
    return URI.create(base.toString().replaceAll("/+$", ""));
  }

  /** The issuer as configured: the {@code aud} that scopes a token to this server. */
  public URI issuer() {
    return issuer;
  }

  /** The base URLs, the issuer first. */
  public List<URI> bases() {
    return bases;
  }

  public TrustedProxies proxies() {
    return proxies;
  }

  /** The request as addressed under the issuer, and also under every other public base. */
  RequestContext request(Exchange ex, byte[] body) {
    String path = ex.path();
    String query = ex.query();
    if (query == null && body.length == 0 && path.equals(WHOAMI) && ex.method().equals("GET")) {
      return getWhoami;
    }
    return request(ex.method(), path, query, body);
  }

  private RequestContext request(String method, String path, @Nullable String query, byte[] body) {
    List<URI> uris = new ArrayList<>(baseTexts.size());
    for (String base : baseTexts) {
      uris.add(RequestUrls.asAddressed(path, query, base));
    }
    return RequestContext.of(method, uris.getFirst(), body).alsoAddressedAs(uris.subList(1, uris.size()));
  }

  /**
   * The public base a client most likely reached this request through, for links it will follow:
   * the one whose scheme and authority are those the request names (from a trusted proxy's
   * forwarding headers, else the connection's scheme and the {@code Host} header), else the
   * issuer. Always one of {@link #bases()}.
   */
  URI baseFor(Context ctx) {
    boolean viaProxy = proxies.trusts(ctx.req().getRemoteAddr());
    String forwarded = viaProxy ? ctx.header("Forwarded") : null;
    String scheme = java.util.Objects.requireNonNullElse(
        first(forwarded, "proto", viaProxy ? ctx.header("X-Forwarded-Proto") : null, ctx.scheme()), ctx.scheme());
    String host = first(forwarded, "host", viaProxy ? ctx.header("X-Forwarded-Host") : null, ctx.header("Host"));
    if (host != null) {
      for (URI base : bases) {
        if (base.getScheme().equalsIgnoreCase(scheme) && authority(base).equals(normalized(host, scheme))) {
          return base;
        }
      }
    }
    return bases.getFirst();
  }

  private static @Nullable String first(@Nullable String forwarded, String parameter, @Nullable String xForwarded,
      @Nullable String direct) {
    if (forwarded != null) {
      List<String> values = Forwarding.values(forwarded, parameter);
      if (!values.isEmpty()) {
        return values.getFirst();
      }
    }
    if (xForwarded != null) {
      List<String> values = Forwarding.list(xForwarded);
      if (!values.isEmpty()) {
        return values.getFirst();
      }
    }
    return direct;
  }

  private static String authority(URI base) {
    return normalized(base.getRawAuthority(), base.getScheme());
  }

  /** {@code host[:port]} in lower case, the scheme's default port dropped. */
  private static String normalized(String authority, String scheme) {
    String a = authority.toLowerCase(Locale.ROOT);
    String defaultPort = scheme.equalsIgnoreCase("https") ? ":443" : ":80";
    return a.endsWith(defaultPort) ? a.substring(0, a.length() - defaultPort.length()) : a;
  }

  @Override
  public String toString() {
    return "PublicOrigins" + bases;
  }
}
