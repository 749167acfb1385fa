package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The merged configuration value by value, each with the source that set it: what {@code plan
 * --explain} prints. Credentials in URLs ({@code http://user:secret@proxy}) are redacted.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConfigExplain {

  private static final Pattern CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s]+(?=@)");
  private static final int MAX_SHOWN = 72;

  /**
   * One value of the merged configuration.
   *
   * @param key the full eksnode key
   * @param value the value (String, Long, Double, Boolean, a List of them, or an empty Map)
   * @param location where it was set
   */
  public record Entry(String key, Object value, ConfigLocation location) {}

  private ConfigExplain() {}

  /** Every leaf of the merged tree in key order; a list whose items came from several sources is listed item by item. */
  public static List<Entry> entries(Table merged) {
    List<Entry> entries = new ArrayList<>();
    walk("", merged, entries);
    return entries;
  }

  private static void walk(String prefix, ConfigNode node, List<Entry> entries) {
    switch (node) {
      case Table table -> {
        if (table.entries().isEmpty() && !prefix.isEmpty()) {
          entries.add(new Entry(prefix, Map.of(), table.location()));
        }
        table.entries().forEach((key, value) -> {
          String full = prefix.isEmpty() ? ConfigSection.literal(key) : prefix + "." + ConfigSection.literal(key);
          walk(full, value, entries);
        });
      }
      case Array array -> {
        boolean mixed = array.items().stream().anyMatch(item -> !item.location().source().equals(array.location().source()))
            || array.items().stream().anyMatch(item -> !(item instanceof Leaf));
        if (mixed) {
          for (int i = 0; i < array.items().size(); i++) {
            walk(prefix + "[" + i + "]", array.items().get(i), entries);
          }
        } else {
          entries.add(new Entry(prefix, redact(array.plain()), array.location()));
        }
      }
      case Leaf leaf -> entries.add(new Entry(prefix, redact(leaf.value()), leaf.location()));
    }
  }

  private static Object redact(Object value) {
    return switch (value) {
      case String s -> CREDENTIALS.matcher(s).replaceAll("****");
      case List<?> list -> list.stream().map(ConfigExplain::redact).toList();
      default -> value;
    };
  }

  /** The entries as aligned text lines: {@code key = value  # source, line L, column C (written key)}. */
  public static List<String> text(List<Entry> entries) {
    List<String> left = new ArrayList<>();
    int width = 0;
    for (Entry entry : entries) {
      String text = entry.key() + " = " + shown(entry.value());
      left.add(text);
      width = Math.max(width, Math.min(text.length(), 80));
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ConfigLocation at = entries.get(i).location();
      String where = at + (at.key().isEmpty() ? "" : " (" + at.key() + ")");
      lines.add(String.format("%-" + width + "s  # %s", left.get(i), where));
    }
    return lines;
  }

  private static String shown(Object value) {
    String literal = ConfigSchema.tomlLiteral(value);
    if (value instanceof String s && literal.length() > MAX_SHOWN) {
      return ConfigSchema.tomlLiteral(s.substring(0, MAX_SHOWN - 20)) + "... (" + s.length() + " characters)";
    }
    return literal;
  }

  /** The entries as plain maps for JSON output. */
  public static List<Map<String, Object>> json(List<Entry> entries) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Entry entry : entries) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("key", entry.key());
      map.put("value", entry.value());
      map.put("source", entry.location().source());
      if (entry.location().line() > 0) {
        map.put("line", entry.location().line());
        map.put("column", entry.location().column());
      }
      if (!entry.location().key().isEmpty()) {
        map.put("writtenKey", entry.location().key());
      }
      list.add(map);
    }
    return list;
  }
}
