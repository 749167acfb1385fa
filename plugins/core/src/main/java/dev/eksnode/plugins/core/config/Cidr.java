package dev.eksnode.plugins.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block, parsed from its text.
 *
 * @param network the network address with the host bits cleared
 * @param prefix the prefix length
 */
public record Cidr(InetAddress network, int prefix) {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  /** Parses {@code 10.100.0.0/16} or {@code fd12:3456:789a::/108}; empty when the text is not a CIDR. */
  public static Optional<Cidr> parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return Optional.empty();
    }
    String bits = text.substring(slash + 1);
    if (!bits.chars().allMatch(Character::isDigit) || bits.length() > 3) {
      return Optional.empty();
    }
    Optional<InetAddress> parsed = parseAddress(text.substring(0, slash));
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(bits);
    byte[] bytes = parsed.get().getAddress();
    int width = bytes.length * 8;
    if (prefix > width) {
      return Optional.empty();
    }
    for (int bit = prefix; bit < width; bit++) {
      bytes[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
    }
    try {
      return Optional.of(new Cidr(InetAddress.getByAddress(bytes), prefix));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a literal IPv4 (dotted quad) or IPv6 address; empty for anything else. Never resolves a
   * host name.
   */
  public static Optional<InetAddress> parseAddress(String text) {
    if (text.contains(":")) {
      if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return Optional.empty();
      }
      try {
        InetAddress address = InetAddress.ofLiteral(text);
        // An IPv4-mapped literal (::ffff:1.2.3.4) comes back as IPv4; it is not a valid IPv6 setting.
        return address.getAddress().length == 16 ? Optional.of(address) : Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    var matcher = IPV4.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(matcher.group(i + 1));
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
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
