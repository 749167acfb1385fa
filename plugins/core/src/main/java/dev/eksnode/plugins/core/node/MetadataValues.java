package dev.eksnode.plugins.core.node;

import dev.eksnode.plugins.core.config.Cidr;
import dev.eksnode.spi.EksnodeException;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks each instance metadata value against its format before anything uses it: values reach file
 * names, unit files, kubelet flags and further metadata paths, so a NUL byte, a newline or a space in
 * an instance id or a MAC address must stop the boot with a message, not travel on. The formats are
 * the ones EC2 serves, with room for what it may add (longer ids, new partitions, Local Zones).
 */
final class MetadataValues {

  /** The most characters of a refused value a message shows. */
  private static final int SHOWN = 80;

  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,32}");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}\\.[a-z0-9][a-z0-9-]{0,30}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]{1,16}){1,3}-[0-9]{1,2}");
  private static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z0-9]{1,16}){1,6}");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DEVICE = Pattern.compile("(/dev/)?[a-z][a-z0-9]{1,31}");
  private static final Pattern OUTPOST_ARN = Pattern.compile("arn:aws[a-z-]{0,16}:outposts:[a-z0-9-]{1,32}:[0-9]{12}:outpost/op-[0-9a-f]{8,32}");

  private final URI endpoint;

  MetadataValues(URI endpoint) {
    this.endpoint = endpoint;
  }

  String instanceId(String value) {
    return check("meta-data/instance-id", value, INSTANCE_ID.matcher(value).matches(), "an instance id (i- and 8 to 32 hex digits)");
  }

  String instanceType(String value) {
    return check("meta-data/instance-type", value, INSTANCE_TYPE.matcher(value).matches(), "an instance type (family.size, e.g. m5.large)");
  }

  String region(String path, String value) {
    return check(path, value, REGION.matcher(value).matches(), "a region (e.g. us-west-2)");
  }

  String zone(String value) {
    return check("meta-data/placement/availability-zone", value, ZONE.matcher(value).matches() && value.length() <= 64,
        "an availability zone (e.g. us-west-2a)");
  }

  String mac(String value) {
    return check("meta-data/mac", value, MAC.matcher(value).matches(), "a MAC address (six pairs of lower-case hex digits)");
  }

  String ipv4(String path, String value) {
    return check(path, value, !value.contains(":") && Cidr.parseAddress(value).isPresent(), "an IPv4 address");
  }

  String ipv6(String path, String value) {
    return check(path, value, value.contains(":") && Cidr.parseAddress(value).isPresent(), "an IPv6 address");
  }

  String hostname(String path, String value) {
    return check(path, value, dnsName(value), "a DNS name");
  }

  List<String> cidrs(String path, List<String> values, boolean ipv6) {
    for (String value : values) {
      check(path, value, Cidr.parse(value).filter(cidr -> cidr.ipv6() == ipv6).isPresent(),
          ipv6 ? "an IPv6 CIDR" : "an IPv4 CIDR");
    }
    return values;
  }

  String device(String path, String value) {
    return check(path, value, DEVICE.matcher(value).matches(), "a block device name (e.g. sdb or nvme1n1)");
  }

  String outpostArn(String value) {
    return check("meta-data/outpost-arn", value, OUTPOST_ARN.matcher(value).matches(), "an Outpost ARN");
  }

  private static boolean dnsName(String value) {
    if (value.isEmpty() || value.length() > 253) {
      return false;
    }
    for (String label : value.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private String check(String path, String value, boolean valid, String expected) {
    if (!valid) {
      throw new EksnodeException("instance metadata at " + endpoint + ": " + path + " is " + shown(value) + ", not " + expected);
    }
    return value;
  }

  /** A value as a message may show it: quoted, control characters escaped, cut after {@value #SHOWN} characters. */
  static String shown(String value) {
    StringBuilder text = new StringBuilder("\"");
    int count = 0;
    for (int i = 0; i < value.length() && count < SHOWN; i++, count++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            text.append(String.format("\\x%02x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('"');
    if (value.length() > SHOWN) {
      text.append(" (").append(value.length()).append(" characters)");
    }
    return text.toString();
  }
}
