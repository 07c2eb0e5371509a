package dev.signet.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Compares a client's {@code htu} with the URLs a request may have been addressed to, after the
 * normalisation RFC 9449 §4.3 asks for (RFC 3986 §6.2.2 and §6.2.3): scheme and host
 * case-insensitive, the default port implied, an empty path is {@code /}. Query and fragment are
 * not part of any candidate. Used by the server's and signet-web's DPoP proof checks.
 */
public final class Htu {
  private Htu() {}

  /** The client's {@code htu} as a URI when it names one of {@code candidates}, else null. */
  public static @Nullable URI match(String htu, List<URI> candidates) {
    URI claimed;
    try {
      claimed = new URI(htu);
    } catch (URISyntaxException e) {
      return null;
    }
    String normalized = normalize(claimed);
    if (normalized == null || claimed.getRawQuery() != null || claimed.getRawFragment() != null) {
      return null;
    }
    for (URI candidate : candidates) {
      if (normalized.equals(normalize(candidate))) {
        return claimed;
      }
    }
    return null;
  }

  private static @Nullable String normalize(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
      port = -1;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path;
  }
}
