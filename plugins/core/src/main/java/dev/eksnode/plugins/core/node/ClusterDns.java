package dev.eksnode.plugins.core.node;

import dev.eksnode.plugins.core.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The cluster DNS address computed from the service CIDR (or, without one, from the VPC), as EKS assigns it. */
final class ClusterDns {

  /** The service CIDR EKS picks when the VPC uses 10.0.0.0/8. */
  static final String SERVICE_CIDR_FOR_10_VPC = "172.20.0.0/16";

  /** The service CIDR EKS picks otherwise. */
  static final String SERVICE_CIDR_DEFAULT = "10.100.0.0/16";

  private ClusterDns() {}

  /**
   * IPv4: the network address with its last octet set to 10 ({@code 10.100.0.0/16 -> 10.100.0.10}).
   * IPv6: the network address with {@code a} as its last group ({@code fd12:3456:789a::/108 ->
   * fd12:3456:789a::a}).
   */
  static String of(Cidr cidr) {
    byte[] bytes = cidr.network().getAddress();
    if (cidr.ipv6()) {
      bytes[14] = 0;
      bytes[15] = 0x0a;
    } else {
      bytes[3] = 10;
    }
    try {
      return format(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The legacy choice without a service CIDR: 172.20.0.0/16 when the VPC has a 10.x CIDR, else 10.100.0.0/16. */
  static String defaultServiceCidr(List<String> vpcIpv4Cidrs) {
    return vpcIpv4Cidrs.stream().anyMatch(cidr -> cidr.startsWith("10.")) ? SERVICE_CIDR_FOR_10_VPC : SERVICE_CIDR_DEFAULT;
  }

  /** An address as text; IPv6 in its canonical short form (RFC 5952): lower case, the longest zero run as {@code ::}. */
  static String format(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return address.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
