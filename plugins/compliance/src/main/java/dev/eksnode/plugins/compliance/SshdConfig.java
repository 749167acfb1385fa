package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Host;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The effective global settings of {@code sshd}, read as sshd reads them: {@code Include} lines are
 * expanded in place (globs in name order, relative paths under {@code /etc/ssh}), and the first value of
 * a keyword wins. {@code Match} blocks only apply to some connections, so they are not global settings
 * and are skipped. That first-wins rule is why eksnode's drop-in is named to sort first.
 */
final class SshdConfig {

  static final String MAIN = "/etc/ssh/sshd_config";
  static final String DROP_IN = "/etc/ssh/sshd_config.d/01-eksnode-compliance.conf";

  private final Map<String, Located> values;

  private SshdConfig(Map<String, Located> values) {
    this.values = values;
  }

  static SshdConfig read(Host host, String file) {
    Map<String, Located> values = new LinkedHashMap<>();
    readInto(host, file, values, new HashSet<>());
    return new SshdConfig(values);
  }

  private static void readInto(Host host, String file, Map<String, Located> values, Set<String> seen) {
    if (!seen.add(file)) {
      return;
    }
    Optional<String> text = host.readString(file);
    if (text.isEmpty()) {
      return;
    }
    for (String raw : text.get().split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("[\\s=]+", 2);
      String keyword = parts[0].toLowerCase(Locale.ROOT);
      String value = parts.length > 1 ? parts[1].strip() : "";
      if (keyword.equals("match")) {
        return;
      }
      if (keyword.equals("include")) {
        for (String pattern : value.split("\\s+")) {
          expand(host, pattern.startsWith("/") ? pattern : "/etc/ssh/" + pattern)
              .forEach(included -> readInto(host, included, values, seen));
        }
        continue;
      }
      values.putIfAbsent(keyword, new Located(value, file));
    }
  }

  private static java.util.List<String> expand(Host host, String pattern) {
    int slash = pattern.lastIndexOf('/');
    String directory = pattern.substring(0, slash);
    String name = pattern.substring(slash + 1);
    if (!name.contains("*") && !name.contains("?")) {
      return java.util.List.of(pattern);
    }
    Pattern regex = Pattern.compile(name.replace(".", "\\.").replace("*", ".*").replace("?", "."));
    return host.list(directory).stream().filter(n -> regex.matcher(n).matches()).map(n -> directory + "/" + n).toList();
  }

  /**
   * OpenSSH's built-in values (sshd_config(5), OpenSSH 8.7 as on AL2023) of the keywords the rules
   * check: what sshd runs with when no file sets the keyword.
   */
  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("loglevel", "INFO"),
      Map.entry("usepam", "no"),
      Map.entry("permitrootlogin", "prohibit-password"),
      Map.entry("hostbasedauthentication", "no"),
      Map.entry("permitemptypasswords", "no"),
      Map.entry("permituserenvironment", "no"),
      Map.entry("ignorerhosts", "yes"),
      Map.entry("x11forwarding", "no"),
      Map.entry("allowtcpforwarding", "yes"),
      Map.entry("maxauthtries", "6"),
      Map.entry("maxstartups", "10:30:100"),
      Map.entry("maxsessions", "10"),
      Map.entry("logingracetime", "120"),
      Map.entry("clientaliveinterval", "0"),
      Map.entry("clientalivecountmax", "3"));

  /** The effective value of a keyword (case-insensitive), where it was set, or sshd's default. */
  Optional<Located> value(String keyword) {
    String key = keyword.toLowerCase(Locale.ROOT);
    Located found = values.get(key);
    if (found == null && DEFAULTS.containsKey(key)) {
      found = new Located(DEFAULTS.get(key), "not set: sshd default");
    }
    return Optional.ofNullable(found);
  }
}
