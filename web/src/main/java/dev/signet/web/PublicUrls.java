package dev.signet.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The URLs a request may have been addressed to, for {@code htu} (DPoP proofs, request tokens):
 * each configured public base URL followed by the request's path. The request's own
 * {@code Host}, {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} count only when the peer
 * is a configured trusted proxy, and then only when each is one plain value.
 */
final class PublicUrls {
  private static final String URI_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%";

  private final List<String> bases;
  private final List<Cidr> trustedProxies;

  /** An address block, {@code 10.0.0.0/8} or a single address. */
  static final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
      this.network = network;
      this.prefix = prefix;
    }

    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException("not an IP address or block: '" + text + "'");
      }
      int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("prefix out of range: '" + text + "'");
      }
      return new Cidr(bytes, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  PublicUrls(List<URI> bases, List<Cidr> trustedProxies) {
    this.bases = bases.stream().map(u -> u.toString().replaceAll("/+$", "")).toList();
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /** The URLs without query: what a DPoP proof's {@code htu} may name. */
  List<URI> resourceUris(IncomingRequest request) {
    return urls(request, false);
  }

  /** The URLs with the query: what a request token binds ({@code htu}, {@code qsh}). */
  List<URI> requestUris(IncomingRequest request) {
    return urls(request, true);
  }

  private List<URI> urls(IncomingRequest request, boolean withQuery) {
    String query = withQuery && request.rawQuery() != null ? "?" + escape(request.rawQuery()) : "";
    String target = escape(request.rawPath()) + query;
    List<URI> urls = new ArrayList<>(bases.size() + 1);
    for (String base : bases) {
      add(urls, base + target);
    }
    String forwarded = forwardedBase(request);
    if (forwarded != null) {
      add(urls, forwarded + target);
    }
    return urls;
  }

  private @Nullable String forwardedBase(IncomingRequest request) {
    if (trustedProxies.isEmpty()) {
      return null;
    }
    byte[] peer = literal(request.remoteAddress());
    if (peer == null || trustedProxies.stream().noneMatch(c -> c.contains(peer))) {
      return null;
    }
    String proto = single(request, "X-Forwarded-Proto", request.scheme()).toLowerCase(Locale.ROOT);
    String host = single(request, "X-Forwarded-Host", single(request, "Host", ""));
    if (!(proto.equals("http") || proto.equals("https")) || host.isEmpty() || !host.chars().allMatch(PublicUrls::isHostChar)) {
      return null;
    }
    return proto + "://" + host;
  }

  private static String single(IncomingRequest request, String header, String otherwise) {
    List<String> values = request.headers(header);
    if (values.size() != 1 || values.getFirst().contains(",")) {
      return values.isEmpty() ? otherwise : "";
    }
    return values.getFirst().strip();
  }

  private static boolean isHostChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  }

  private static void add(List<URI> urls, String url) {
    try {
      urls.add(new URI(url));
    } catch (URISyntaxException e) {
      // a target the client mangled: no URL of it can match a claim
    }
  }

  /** Percent-encodes what a URI may not hold (Jetty passes some such characters through). */
  static String escape(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && URI_CHARS.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  /** The bytes of an IP literal, or null for anything else (a host name is never looked up). */
  static byte @Nullable [] literal(String address) {
    String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    boolean ipv4 = !a.isEmpty() && a.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    boolean ipv6 = a.contains(":") && a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(a).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
