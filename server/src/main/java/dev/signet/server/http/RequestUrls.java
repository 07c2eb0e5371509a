package dev.signet.server.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The URL of a request under one of the server's public base URLs, as {@link java.net.URI}, for
 * checking a token's binding claims; never built from the {@code Host} header. Jetty passes
 * request targets that {@code URI} refuses ({@code ?q=a|b}, {@code {}}, {@code "}, a stray
 * {@code %}); such characters are percent-encoded here, which leaves {@code qsh} unchanged since
 * it decodes the query before hashing.
 */
final class RequestUrls {
  private static final String ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?";

  private RequestUrls() {}

  /** The request's path and query under {@code base} (the server's public base URL, without a trailing '/'). */
  static URI asAddressed(Exchange ex, String base) {
    return asAddressed(ex.path(), ex.query(), base);
  }

  /** {@code path} and {@code query} (without '?', null when none) as received, under {@code base}. */
  static URI asAddressed(String path, @Nullable String query, String base) {
    URI uri = parse(base + escape(path) + (query == null ? "" : "?" + escape(query)));
    if (uri == null) {
      throw ApiException.badRequest("the request URL cannot be parsed");
    }
    return uri;
  }

  private static @Nullable URI parse(String url) {
    try {
      return new URI(url);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** Percent-encodes every character a URI may not hold, and every '%' that starts no escape. */
  static String escape(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        out.append(c);
      } else if (c < 128 && ALLOWED.indexOf(c) >= 0) {
        out.append(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        i = end - 1;
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }
}
