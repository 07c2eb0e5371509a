package dev.signet.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** URLs from the command line, checked as usage errors, and the API paths built on them. */
final class Urls {
  private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private Urls() {}

  /**
   * An absolute {@code http://} or {@code https://} URL with a host. {@code what} names it in
   * messages ("--server"). The text is echoed only up to its path: a query may hold secrets.
   */
  static URI http(String text, String what) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw CliError.usage(what + ": not a URL: " + e.getReason() + " at index " + e.getIndex());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Usage.check(scheme.equals("http") || scheme.equals("https"),
        what + ": '" + shown(text) + "' is not an http:// or https:// URL");
    Usage.check(uri.getHost() != null, what + ": '" + shown(text) + "' has no host");
    Usage.check(uri.getRawUserInfo() == null, what + ": a URL must not carry a user name or password");
    Usage.check(uri.getRawFragment() == null, what + ": a URL sent to a server has no #fragment");
    return uri;
  }

  /** A server's base URL ({@code --server}): may have a path prefix, never a query. */
  static URI server(String text) {
    URI uri = http(text, "--server");
    Usage.check(uri.getRawQuery() == null, "--server: give the server's base URL, without a query");
    return uri;
  }

  /** {@code base} + {@code path} (which starts with '/' and is already encoded), and a query. */
  static URI resolve(URI base, String path, Map<String, String> query) {
    String prefix = base.toString().replaceAll("/+$", "");
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((name, value) -> q.add(encode(name, false) + "=" + encode(value, false)));
    return URI.create(prefix + path + q);
  }

  static URI resolve(URI base, String path) {
    return resolve(base, path, Map.of());
  }

  /** A path segment (a principal's name, an id) percent-encoded; {@code what} names it in messages. */
  static String segment(String value, String what) {
    Usage.check(!value.isEmpty(), what + " is empty");
    Usage.check(plain(value), what + ": '" + value + "' is not a name");
    return encode(value, false);
  }

  /** A key id, percent-encoded except for '/', which the server's key routes accept unencoded. */
  static String kid(String value) {
    Usage.check(java.util.Arrays.stream(value.split("/", -1)).allMatch(Urls::plain),
        "key id '" + value + "' is empty or has an empty, '.' or '..' part");
    return encode(value, true);
  }

  /** Empty, "." and ".." segments would change which path a request goes to. */
  private static boolean plain(String segment) {
    return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
  }

  private static String encode(String value, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (UNRESERVED.indexOf(c) >= 0 || c == '@' || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** At most 200 characters of a user's URL, for messages. */
  private static String shown(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
