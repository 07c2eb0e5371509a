package dev.signet.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which IP addresses are not on the public internet, after the IANA special-purpose address
 * registries (RFC 6890 and its updates): the SSRF guard of {@link BoundedFetcher} refuses them.
 *
 * <p>IPv6 is public only inside global unicast {@code 2000::/3}, and not in the special blocks
 * within it: IETF protocol assignments {@code 2001::/23} (Teredo {@code 2001::/32} among them),
 * documentation {@code 2001:db8::/32} and {@code 3fff::/20}, or a 6to4 {@code 2002::/16} address
 * whose embedded IPv4 address is not public. Outside {@code 2000::/3}, an IPv4-mapped
 * {@code ::ffff:a.b.c.d} or NAT64 {@code 64:ff9b::a.b.c.d} address is as public as its IPv4
 * address; everything else there ({@code ::}, {@code ::1}, IPv4-compatible {@code ::a.b.c.d},
 * {@code 64:ff9b:1::/48}, {@code 100::/64}, {@code fc00::/7}, {@code fe80::/10}, {@code ff00::/8}…)
 * is refused.
 */
public final class SpecialAddresses {
  /** IPv4 blocks that are not globally reachable: {address, prefix length}. */
  private static final int[][] IPV4 = {
    {ipv4(0, 0, 0, 0), 8}, // "this network"
    {ipv4(10, 0, 0, 0), 8}, // private
    {ipv4(100, 64, 0, 0), 10}, // carrier-grade NAT
    {ipv4(127, 0, 0, 0), 8}, // loopback
    {ipv4(169, 254, 0, 0), 16}, // link-local (cloud metadata services)
    {ipv4(172, 16, 0, 0), 12}, // private
    {ipv4(192, 0, 0, 0), 24}, // IETF protocol assignments
    {ipv4(192, 0, 2, 0), 24}, // documentation TEST-NET-1
    {ipv4(192, 88, 99, 0), 24}, // deprecated 6to4 relay anycast
    {ipv4(192, 168, 0, 0), 16}, // private
    {ipv4(198, 18, 0, 0), 15}, // benchmarking
    {ipv4(198, 51, 100, 0), 24}, // documentation TEST-NET-2
    {ipv4(203, 0, 113, 0), 24}, // documentation TEST-NET-3
    {ipv4(224, 0, 0, 0), 4}, // multicast
    {ipv4(240, 0, 0, 0), 4}, // reserved, and 255.255.255.255 broadcast
  };

  private SpecialAddresses() {}

  /** Whether {@code address} is anything but a globally reachable unicast address. */
  public static boolean isNonPublic(InetAddress address) {
    byte[] b = address.getAddress();
    return switch (address) {
      case Inet4Address v4 -> isNonPublicIpv4(readInt(b, 0));
      case Inet6Address v6 -> isNonPublicIpv6(b);
      default -> true;
    };
  }

  private static boolean isNonPublicIpv4(int address) {
    for (int[] block : IPV4) {
      int mask = -1 << (32 - block[1]);
      if ((address & mask) == block[0]) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNonPublicIpv6(byte[] b) {
    if (startsWith(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff)) { // ::ffff:a.b.c.d, IPv4-mapped
      return isNonPublicIpv4(readInt(b, 12));
    }
    if (startsWith(b, 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) { // 64:ff9b::/96, NAT64
      return isNonPublicIpv4(readInt(b, 12));
    }
    if ((b[0] & 0xe0) != 0x20) { // outside global unicast 2000::/3
      return true;
    }
    if (startsWith(b, 0x20, 0x01) && (b[2] & 0xfe) == 0) { // 2001::/23, Teredo included
      return true;
    }
    if (startsWith(b, 0x20, 0x01, 0x0d, 0xb8) || (startsWith(b, 0x3f) && (b[1] & 0xf0) == 0xf0)) { // documentation
      return true;
    }
    if (startsWith(b, 0x20, 0x02)) { // 6to4: the IPv4 address follows the prefix
      return isNonPublicIpv4(readInt(b, 2));
    }
    return false;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readInt(byte[] b, int offset) {
    return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | (b[offset + 3] & 0xff);
  }

  private static int ipv4(int a, int b, int c, int d) {
    return a << 24 | b << 16 | c << 8 | d;
  }

  /**
   * Whether a URL host names the loopback interface literally: {@code localhost}, a dotted-quad
   * in {@code 127.0.0.0/8}, or {@code [::1]}. No name is resolved: {@code 127.example.com} is not
   * loopback, whatever it resolves to.
   */
  public static boolean isLoopbackLiteral(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      try { // with its brackets, an IPv6 literal is parsed and never looked up
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return parts[0].equals("127");
  }
}
