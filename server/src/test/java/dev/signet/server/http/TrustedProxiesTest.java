package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --trusted-proxies}: which addresses are believed, and who the client is behind them. */
class TrustedProxiesTest {
  private final TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1"));

  @Test
  void trusts_addressesInsideTheRanges_only() {
    assertThat(proxies.trusts("10.1.2.3")).isTrue();
    assertThat(proxies.trusts("192.168.1.5")).isTrue();
    assertThat(proxies.trusts("fd12::7")).isTrue();
    assertThat(proxies.trusts("::1")).isTrue();
    assertThat(proxies.trusts("::ffff:10.9.9.9")).isTrue(); // IPv4-mapped: the IPv4 rule applies
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("192.168.1.6")).isFalse();
    assertThat(proxies.trusts("fe80::1")).isFalse();
    assertThat(proxies.trusts("localhost")).isFalse(); // never resolved
    assertThat(proxies.trusts(null)).isFalse();
    assertThat(TrustedProxies.none().trusts("10.1.2.3")).isFalse();
  }

  @Test
  void trusts_oddPrefixLength_masksTheLastByte() {
    TrustedProxies range = TrustedProxies.parse(List.of("172.16.0.0/12"));

    assertThat(range.trusts("172.31.255.255")).isTrue();
    assertThat(range.trusts("172.32.0.0")).isFalse();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts("8.8.8.8")).isTrue();
  }

  @Test
  void parse_hostNameOrBadPrefix_refusedNamingTheEntry() {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/8", "proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'proxy.internal' is not an IP address or CIDR range (like 10.0.0.0/8 or fd00::/8)");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
        .hasMessage("'10.0.0.0/33' has a prefix length outside 0-32");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.256"))).hasMessageContaining("is not an IP address");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("fe80::1%eth0"))).hasMessageContaining("is not an IP address");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/"))).hasMessageContaining("prefix length");
  }

  @Test
  void clientAddress_untrustedPeer_isThePeerWhateverItsHeadersSay() {
    assertThat(proxies.clientAddress("203.0.113.9", "for=198.51.100.1", "198.51.100.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void clientAddress_trustedPeer_nearestUntrustedHopOfTheChain() {
    assertThat(proxies.clientAddress("10.0.0.2", null, "198.51.100.1, 203.0.113.9, 10.0.0.3")).isEqualTo("203.0.113.9");
    assertThat(proxies.clientAddress("10.0.0.2", "for=198.51.100.1, for=\"[2001:db8::1]:4711\";proto=https", null))
        .isEqualTo("2001:db8::1");
    assertThat(proxies.clientAddress("10.0.0.2", "for=203.0.113.9:5555", "198.51.100.1")).isEqualTo("203.0.113.9"); // Forwarded first
    assertThat(proxies.clientAddress("10.0.0.2", null, null)).isEqualTo("10.0.0.2");
    assertThat(proxies.clientAddress("10.0.0.2", null, "10.0.0.3")).isEqualTo("10.0.0.3");
  }

  @Test
  void clientAddress_forgedEntryInTheChain_unknownRatherThanTheForgery() {
    assertThat(proxies.clientAddress("10.0.0.2", null, "198.51.100.1, evil\r\nline")).isEqualTo("unknown");
    assertThat(proxies.clientAddress("10.0.0.2", "for=_hidden", null)).isEqualTo("unknown");
  }
}
