package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The kernel parameters the next boot applies, read the way {@code systemd-sysctl} reads them: every
 * {@code *.conf} of {@code /usr/lib/sysctl.d}, {@code /run/sysctl.d} and {@code /etc/sysctl.d} in name
 * order (a name in {@code /etc} hides the same name in the others), then {@code /etc/sysctl.conf}; the
 * last assignment wins, and globs such as {@code net.ipv4.conf.*.rp_filter} apply to every match.
 */
final class SysctlFiles {

  static final List<String> DIRECTORIES = List.of("/usr/lib/sysctl.d", "/run/sysctl.d", "/etc/sysctl.d");

  private record Assignment(Pattern key, String value, String file) {}

  private final List<Assignment> assignments;

  private SysctlFiles(List<Assignment> assignments) {
    this.assignments = assignments;
  }

  static SysctlFiles read(Host host) {
    TreeMap<String, String> byName = new TreeMap<>();
    for (String directory : DIRECTORIES) {
      for (String name : host.list(directory)) {
        if (name.endsWith(".conf")) {
          byName.put(name, directory + "/" + name);
        }
      }
    }
    List<String> files = new ArrayList<>(byName.values());
    files.add("/etc/sysctl.conf");
    List<Assignment> assignments = new ArrayList<>();
    for (String file : files) {
      host.readString(file).ifPresent(text -> {
        for (String raw : text.split("\n")) {
          String line = raw.strip();
          if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            continue;
          }
          int eq = line.indexOf('=');
          if (eq < 0) {
            continue;
          }
          String key = normalize(line.substring(0, eq).strip());
          if (key.startsWith("-")) {
            key = key.substring(1);
          }
          assignments.add(new Assignment(glob(key), line.substring(eq + 1).strip(), file));
        }
      });
    }
    return new SysctlFiles(assignments);
  }

  /** {@code net/ipv4/ip_forward} and {@code net.ipv4.ip_forward} are the same key. */
  static String normalize(String key) {
    return key.replace('/', '.');
  }

  private static Pattern glob(String key) {
    StringBuilder regex = new StringBuilder();
    for (char c : key.toCharArray()) {
      regex.append(c == '*' ? "[^.]*" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }

  /** The value the next boot sets for {@code key}, and the file that sets it. */
  Optional<Located> value(String key) {
    for (int i = assignments.size() - 1; i >= 0; i--) {
      Assignment a = assignments.get(i);
      if (a.key().matcher(key).matches()) {
        return Optional.of(new Located(a.value(), a.file()));
      }
    }
    return Optional.empty();
  }
}
