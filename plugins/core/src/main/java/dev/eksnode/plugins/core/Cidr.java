package dev.eksnode.plugins.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 CIDR block, parsed from its text.
 *
 * @param network the network address with the host bits cleared
 * @param prefix the prefix length
 */
public record Cidr(InetAddress network, int prefix) {

  /** Parses {@code 10.100.0.0/16} or {@code fd12:3456:789a::/108}; empty when the text is not a CIDR. */
  public static Optional<Cidr> parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return Optional.empty();
    }
    String address = text.substring(0, slash);
    String bits = text.substring(slash + 1);
    if (!bits.chars().allMatch(Character::isDigit) || bits.length() > 3) {
      return Optional.empty();
    }
    // Only literal addresses: InetAddress.getByName would otherwise resolve host names.
    if (!address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return Optional.empty();
    }
    try {
      InetAddress parsed = InetAddress.getByName(address);
      int prefix = Integer.parseInt(bits);
      int width = parsed.getAddress().length * 8;
      if (prefix > width || (parsed.getAddress().length == 4 && address.contains(":"))) {
        return Optional.empty();
      }
      byte[] bytes = parsed.getAddress();
      for (int bit = prefix; bit < width; bit++) {
        bytes[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
      }
      return Optional.of(new Cidr(InetAddress.getByAddress(bytes), prefix));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean ipv6() {
    return network.getAddress().length == 16;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
