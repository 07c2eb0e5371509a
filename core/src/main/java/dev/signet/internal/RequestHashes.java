package dev.signet.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The request-binding values: {@code htu} normalisation, {@code qsh} and {@code bsh}. */
public final class RequestHashes {
  private RequestHashes() {}

  /** {@code bsh}: base64url (no padding) of SHA-256 of the body. */
  public static String bsh(byte[] body) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body));
  }

  /**
   * {@code htu} for a URL: scheme and host in lower case, default port dropped, empty path as
   * {@code /}, no query, no fragment (RFC 9449 §4.3).
   */
  public static String htu(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
  }

  /** The normalised form of an {@code htu} claim, or null if it is not an absolute URL. */
  public static @Nullable String normalizeHtu(String claim) {
    try {
      URI uri = new URI(claim);
      return uri.isAbsolute() && uri.getHost() != null ? htu(uri) : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /**
   * Atlassian Connect's query string hash: hex SHA-256 of
   * {@code METHOD&canonical-path&canonical-query}, where the query's parameters are sorted by
   * name, a parameter's values are sorted and joined by commas, {@code jwt} is left out, and
   * names and values are percent-encoded the RFC 3986 way.
   */
  public static String qsh(String method, URI uri) {
    String canonical = method.toUpperCase(Locale.ROOT) + "&" + canonicalPath(uri.getRawPath()) + "&" + canonicalQuery(uri.getRawQuery());
    return HexFormat.of().formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  private static String canonicalPath(@Nullable String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.replace("&", "%26");
  }

  private static String canonicalQuery(@Nullable String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    Map<String, List<String>> params = new TreeMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!name.equals("jwt")) {
        params.computeIfAbsent(encode(name), k -> new ArrayList<>()).add(encode(value));
      }
    }
    StringBuilder out = new StringBuilder();
    params.forEach((name, values) -> {
      values.sort(null);
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(name).append('=').append(String.join(",", values));
    });
    return out.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
