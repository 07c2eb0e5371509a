package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard's address classes: every special-use block of the IANA registries, and IPv6 forms that embed IPv4. */
class SpecialAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "0.0.0.0", "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.0.1", "169.254.169.254",
    "172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.2.1", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255",
    "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255",
    "::", "::1", "::127.0.0.1", "::8.8.8.8", "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::8.8.8.8", "100::1",
    "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "2002:7f00:1::1", "2002:a00:1::1", "2002:c0a8:101::1",
    "3fff::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"})
  void isNonPublic_specialUseAddress_true(String address) throws UnknownHostException {
    assertThat(SpecialAddresses.isNonPublic(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1", "192.0.1.1", "198.17.255.255",
    "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001::1", "64:ff9b::808:808", "2002:808:808::1",
    "::ffff:8.8.8.8"})
  void isNonPublic_globalAddress_false(String address) throws UnknownHostException {
    assertThat(SpecialAddresses.isNonPublic(InetAddress.getByName(address))).isFalse();
  }

  /** gh-12: an IPv4-mapped address kept as IPv6 (as some resolvers hand it over) was public. */
  @Test
  void isNonPublic_ipv4MappedKeptAsIpv6_judgedByItsIpv4Address() throws UnknownHostException {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};

    assertThat(SpecialAddresses.isNonPublic(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
  }
}
