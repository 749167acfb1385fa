package dev.eksnode.plugins.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.plugins.core.config.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterDnsTest {

  @ParameterizedTest
  @CsvSource({
    "10.100.0.0/16, 10.100.0.10",
    "172.20.0.0/16, 172.20.0.10",
    "10.100.5.0/24, 10.100.5.10",
    "fd12:3456:789a::/108, fd12:3456:789a::a",
    "fd00:10:96::/112, fd00:10:96::a"
  })
  void dnsAddressComesFromTheParsedServiceCidr(String cidr, String dns) {
    assertEquals(dns, ClusterDns.of(Cidr.parse(cidr).orElseThrow()));
  }

  @Test
  void withoutServiceCidrA10VpcGets172Range() {
    assertEquals("172.20.0.0/16", ClusterDns.defaultServiceCidr(List.of("10.0.0.0/16")));
    assertEquals("10.100.0.0/16", ClusterDns.defaultServiceCidr(List.of("172.31.0.0/16")));
    assertEquals("10.100.0.0/16", ClusterDns.defaultServiceCidr(List.of()));
  }

  @ParameterizedTest
  @CsvSource({
    "2600:1f14:0:0:0:0:0:1, 2600:1f14::1",
    "0:0:0:0:0:0:0:1, ::1",
    "fd00:ec2:0:0:0:0:0:254, fd00:ec2::254",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0"
  })
  void ipv6IsWrittenInItsCanonicalShortForm(String address, String text) throws Exception {
    assertEquals(text, ClusterDns.format(InetAddress.getByName(address)));
  }
}
