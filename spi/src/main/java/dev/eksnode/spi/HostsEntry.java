package dev.eksnode.spi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One address-to-name line for {@code /etc/hosts}, contributed to {@link Documents#HOSTS_ENTRIES}
 * (e.g. the API server of an Outpost local cluster). Stable API.
 *
 * @param address an IPv4 or IPv6 address
 * @param hostname the name it answers for
 */
public record HostsEntry(String address, String hostname) {
  public HostsEntry {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(hostname, "hostname");
    if (address.isBlank() || hostname.isBlank() || (address + hostname).chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("hosts entry needs an address and a name without spaces: '" + address + "' '" + hostname + "'");
    }
  }

  /** The line as written: address, a tab, the name. */
  public String line() {
    return address + "\t" + hostname;
  }

  /**
   * The rendering contract of {@link Documents#HOSTS_ENTRIES}: {@code existing} with every entry
   * appended that it does not already map (same address and name on one line, in any whitespace),
   * so rendering again with the same entries changes nothing. Existing lines are kept as they are.
   */
  public static String merge(String existing, List<HostsEntry> entries) {
    Set<String> present = new LinkedHashSet<>();
    for (String raw : existing.split("\n", -1)) {
      String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
      String[] fields = line.trim().split("\\s+");
      for (int i = 1; i < fields.length; i++) {
        present.add(fields[0] + " " + fields[i]);
      }
    }
    List<String> added = new ArrayList<>();
    for (HostsEntry entry : entries) {
      if (present.add(entry.address() + " " + entry.hostname())) {
        added.add(entry.line());
      }
    }
    if (added.isEmpty()) {
      return existing;
    }
    StringBuilder out = new StringBuilder(existing);
    if (!existing.isEmpty() && !existing.endsWith("\n")) {
      out.append('\n');
    }
    added.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }
}
