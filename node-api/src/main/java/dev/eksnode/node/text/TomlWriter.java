package dev.eksnode.node.text;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of plain values (String, Integer, Long, Double, Boolean, List, Map) as a TOML document
 * that reads back to the same values: a table's plain keys first, then its sub-tables as {@code
 * [dotted.header]} sections, in map order. Lists become inline arrays and tables inside lists inline
 * tables. The core plugin writes containerd's {@code config.toml} and the baked boot defaults with it.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TomlWriter {

  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private TomlWriter() {}

  public static String write(Map<String, ?> document) {
    StringBuilder out = new StringBuilder();
    table(out, List.of(), document);
    return out.toString();
  }

  private static void table(StringBuilder out, List<String> path, Map<String, ?> table) {
    List<Map.Entry<String, ?>> tables = new ArrayList<>();
    boolean headerWritten = path.isEmpty();
    for (Map.Entry<String, ?> entry : table.entrySet()) {
      if (entry.getValue() instanceof Map<?, ?>) {
        tables.add(entry);
        continue;
      }
      if (!headerWritten) {
        header(out, path);
        headerWritten = true;
      }
      out.append(key(entry.getKey())).append(" = ");
      value(out, entry.getValue());
      out.append('\n');
    }
    if (!headerWritten && tables.isEmpty()) {
      header(out, path);
    }
    for (Map.Entry<String, ?> entry : tables) {
      List<String> child = new ArrayList<>(path);
      child.add(entry.getKey());
      table(out, child, DeepMerge.stringKeys((Map<?, ?>) entry.getValue()));
    }
  }

  private static void header(StringBuilder out, List<String> path) {
    if (!out.isEmpty()) {
      out.append('\n');
    }
    out.append('[');
    for (int i = 0; i < path.size(); i++) {
      out.append(i == 0 ? "" : ".").append(key(path.get(i)));
    }
    out.append("]\n");
  }

  /** A key, bare when TOML allows it and quoted otherwise. */
  private static String key(String key) {
    if (BARE_KEY.matcher(key).matches()) {
      return key;
    }
    StringBuilder out = new StringBuilder();
    string(out, key);
    return out.toString();
  }

  private static void value(StringBuilder out, Object value) {
    switch (value) {
      case String s -> string(out, s);
      case Boolean b -> out.append(b);
      case Integer n -> out.append(n);
      case Long n -> out.append(n);
      case Double d -> {
        if (d.isNaN()) {
          out.append("nan");
        } else if (d.isInfinite()) {
          out.append(d > 0 ? "inf" : "-inf");
        } else {
          out.append(d);
        }
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ", ");
          value(out, list.get(i));
        }
        out.append(']');
      }
      case Map<?, ?> map -> {
        out.append('{');
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          out.append(i++ == 0 ? " " : ", ").append(key(String.valueOf(entry.getKey()))).append(" = ");
          value(out, entry.getValue());
        }
        out.append(map.isEmpty() ? "}" : " }");
      }
      case null -> throw new IllegalArgumentException("TOML has no null");
      default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as TOML");
    }
  }

  /** A basic string: TOML's escapes are JSON's. */
  private static void string(StringBuilder out, String text) {
    JsonText.quote(out, text);
  }

}
