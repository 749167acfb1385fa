package dev.eksnode.plugins.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flat configuration file of {@code KEY value} lines ({@code /etc/login.defs}) or {@code key = value}
 * lines ({@code /etc/audit/auditd.conf}). The last assignment of a key wins. Edits keep every other line,
 * comments included, as they were.
 */
final class KeyValueFile {

  private final boolean equalsSign;

  KeyValueFile(String dialect) {
    this.equalsSign = dialect.equals("key-equals-value");
  }

  /** The last value assigned to {@code key}. */
  Optional<String> value(String text, String key) {
    String found = null;
    for (String raw : text.split("\n")) {
      Optional<String[]> pair = parse(raw);
      if (pair.isPresent() && pair.get()[0].equals(key)) {
        found = pair.get()[1];
      }
    }
    return Optional.ofNullable(found);
  }

  private Optional<String[]> parse(String raw) {
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return Optional.empty();
    }
    String[] parts = equalsSign ? line.split("\\s*=\\s*", 2) : line.split("\\s+", 2);
    return Optional.of(new String[] {parts[0].strip(), parts.length > 1 ? parts[1].strip() : ""});
  }

  /**
   * The text with each key set: the first assignment is replaced in place, later ones are removed, and
   * a key that was not there is appended. A line that already has the value is kept as written.
   */
  String edit(String text, Map<String, String> values) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines.removeLast();
    }
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String line = equalsSign ? entry.getKey() + " = " + entry.getValue() : entry.getKey() + "\t" + entry.getValue();
      boolean replaced = false;
      for (int i = 0; i < lines.size(); i++) {
        Optional<String[]> pair = parse(lines.get(i));
        if (pair.isPresent() && pair.get()[0].equals(entry.getKey())) {
          if (replaced) {
            lines.remove(i--);
          } else {
            if (!pair.get()[1].equals(entry.getValue())) {
              lines.set(i, line);
            }
            replaced = true;
          }
        }
      }
      if (!replaced) {
        lines.add(line);
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
