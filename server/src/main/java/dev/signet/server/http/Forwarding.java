package dev.signet.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads forwarding headers: RFC 7239 {@code Forwarded} ({@code for=…;proto=…;host=…, …}) and the
 * comma lists of {@code X-Forwarded-*}. Only ever called for requests from a {@linkplain
 * TrustedProxies trusted proxy}. Linear scans, no regular expressions; at most 32 elements.
 */
final class Forwarding {
  private static final int MAX_ELEMENTS = 32;

  private Forwarding() {}

  /** The comma-separated entries of an {@code X-Forwarded-*} header, trimmed, empty ones left out. */
  static List<String> list(String header) {
    List<String> out = new ArrayList<>();
    for (String part : header.split(",", MAX_ELEMENTS + 1)) {
      String value = part.strip();
      if (!value.isEmpty() && out.size() < MAX_ELEMENTS) {
        out.add(value);
      }
    }
    return out;
  }

  /** The values of {@code parameter} in a {@code Forwarded} header, one per element that has it, unquoted. */
  static List<String> values(String header, String parameter) {
    List<String> out = new ArrayList<>();
    for (String element : list(header)) {
      for (String pair : element.split(";", MAX_ELEMENTS)) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(parameter)) {
          out.add(unquote(pair.substring(eq + 1).strip()));
        }
      }
    }
    return out;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  /** An address without its port: {@code [2001:db8::1]:4711} → {@code 2001:db8::1}, {@code 10.0.0.1:80} → {@code 10.0.0.1}. */
  static String withoutPort(String node) {
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close < 0 ? node : node.substring(1, close);
    }
    int colon = node.indexOf(':');
    return colon >= 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
  }
}
