package dev.eksnode.plugins.proxy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network, for telling whether an address is inside the VPC or a private range.
 *
 * @param network the network address bytes (4 or 16)
 * @param prefix the prefix length
 */
record Cidr(byte[] network, int prefix) {

  /** Parses {@code 10.0.0.0/16} or {@code fd00::/8}; empty when it is not a CIDR. */
  static Optional<Cidr> parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<byte[]> address = literal(text.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    try {
      int prefix = Integer.parseInt(text.substring(slash + 1));
      if (prefix < 0 || prefix > address.get().length * 8) {
        return Optional.empty();
      }
      return Optional.of(new Cidr(address.get(), prefix));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The bytes of an IP literal (no DNS lookup); empty when it is not one. */
  static Optional<byte[]> literal(String text) {
    String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (bare.isEmpty() || !bare.matches("[0-9A-Fa-f:.]+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.ofLiteral(bare).getAddress());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int bits = network.length * 8;
    BigInteger mask = prefix == 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
    return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
  }
}
