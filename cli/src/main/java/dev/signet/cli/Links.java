package dev.signet.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8288 {@code Link} headers as Signet's list answers send them: {@code <URL>; rel="next"},
 * whose URL's {@code cursor} parameter asks for the next page. Index scans, no regular expressions
 * (the header comes from the network).
 */
final class Links {
  private static final int MAX_CURSOR = 1024;

  private Links() {}

  /** The {@code cursor} of the {@code rel="next"} link, or null when there is no next page. */
  static @Nullable String nextCursor(List<String> headers) {
    for (String header : headers) {
      int at = 0;
      while (at < header.length()) {
        int open = header.indexOf('<', at);
        int close = open < 0 ? -1 : header.indexOf('>', open);
        if (close < 0) {
          break;
        }
        int end = header.indexOf(',', close);
        String params = header.substring(close + 1, end < 0 ? header.length() : end);
        if (params.replace(" ", "").contains("rel=\"next\"")) {
          return cursor(header.substring(open + 1, close));
        }
        at = end < 0 ? header.length() : end + 1;
      }
    }
    return null;
  }

  private static @Nullable String cursor(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : url.substring(query + 1).split("&", -1)) {
      if (pair.startsWith("cursor=") && pair.length() > 7 && pair.length() <= MAX_CURSOR + 7) {
        String value = pair.substring(7);
        return value.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_') ? value : null;
      }
    }
    return null;
  }
}
