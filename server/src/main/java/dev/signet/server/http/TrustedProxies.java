package dev.signet.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose forwarding headers ({@code Forwarded}, {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}) the server believes ({@code
 * --trusted-proxies}): IP addresses and CIDR ranges, IPv4 or IPv6. A request from any other
 * address is taken as it arrived, whatever headers it carries: a client can write any header, so
 * an untrusted one must never decide who the client is or which URL it addressed.
 *
 * <p>Entries are IP literals only, never host names: parsing one never asks DNS. Immutable and
 * thread-safe.
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of());
  private static final int MAX_HOPS = 32;

  @SuppressWarnings("ArrayRecordComponent") // private, never compared or exposed
  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** No proxy is trusted: forwarding headers are ignored. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * The proxies {@code entries} name: {@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}.
   *
   * @throws IllegalArgumentException naming the first entry that is no IP address or CIDR range
   */
  public static TrustedProxies parse(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      ranges.add(range(entry.strip()));
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + shown(entry) + "' is not an IP address or CIDR range (like 10.0.0.0/8 or fd00::/8)");
    }
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      String bits = entry.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(bits) > bytes.length * 8) {
        throw new IllegalArgumentException("'" + shown(entry) + "' has a prefix length outside 0-" + bytes.length * 8);
      }
      prefix = Integer.parseInt(bits);
    }
    return new Range(bytes, prefix);
  }

  /** The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 as IPv4), or null when it is none. */
  static byte @Nullable [] literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    boolean ipv4 = s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') && ipv4(s);
    boolean ipv6 = s.indexOf(':') >= 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    if (!ipv4 && !ipv6) {
      return null; // a host name, or a zone id: never handed to the resolver
    }
    try {
      return InetAddress.getByName(s).getAddress(); // a literal: only its form is checked, no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
  public boolean trusts(@Nullable String address) {
    if (ranges.isEmpty() || address == null) {
      return false;
    }
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
  }

  /** Whether any proxy is trusted. */
  public boolean any() {
    return !ranges.isEmpty();
  }

  /**
   * The client's address: {@code remote} itself unless it is a trusted proxy; then the nearest
   * address in the forwarding chain ({@code Forwarded: for=}, else {@code X-Forwarded-For}, read
   * right to left) that is not a trusted proxy. An entry that is no IP literal ends the walk
   * ({@code unknown}): whatever lies left of it was written by someone not trusted.
   */
  public String clientAddress(String remote, @Nullable String forwarded, @Nullable String xForwardedFor) {
    if (!trusts(remote)) {
      return remote;
    }
    List<String> hops = forwarded != null ? Forwarding.values(forwarded, "for") : xForwardedFor != null
        ? Forwarding.list(xForwardedFor) : List.of();
    String client = remote;
    for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      String hop = Forwarding.withoutPort(hops.get(i));
      byte[] bytes = literal(hop);
      if (bytes == null) {
        return "unknown";
      }
      client = hop.toLowerCase(Locale.ROOT);
      if (!trusts(hop)) {
        return client;
      }
    }
    return client;
  }

  private static String shown(String entry) {
    return entry.length() <= 64 ? entry : entry.substring(0, 64) + "…";
  }

  @Override
  public String toString() {
    return ranges.isEmpty() ? "none" : ranges.size() + " ranges";
  }
}
