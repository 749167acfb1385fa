package dev.eksnode.plugins.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes plain configuration values (String, Long, Double, Boolean, List, Map) as TOML that reads back
 * to the same values: scalars and lists first, then each table under its own dotted header, keys in
 * their given order. Lists of tables are written as inline tables.
 */
public final class TomlText {

  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private TomlText() {}

  public static String write(Map<String, Object> table) {
    StringBuilder out = new StringBuilder();
    write(out, List.of(), table);
    return out.toString();
  }

  private static void write(StringBuilder out, List<String> path, Map<String, Object> table) {
    List<Map.Entry<String, Object>> tables = new ArrayList<>();
    boolean header = !path.isEmpty();
    for (Map.Entry<String, Object> entry : table.entrySet()) {
      if (entry.getValue() instanceof Map<?, ?>) {
        tables.add(entry);
        continue;
      }
      if (header) {
        header(out, path);
        header = false;
      }
      out.append(key(entry.getKey())).append(" = ").append(value(entry.getValue())).append('\n');
    }
    if (header && tables.isEmpty()) {
      header(out, path);
    }
    for (Map.Entry<String, Object> entry : tables) {
      List<String> nested = new ArrayList<>(path);
      nested.add(entry.getKey());
      write(out, nested, cast(entry.getValue()));
    }
  }

  private static void header(StringBuilder out, List<String> path) {
    if (!out.isEmpty()) {
      out.append('\n');
    }
    out.append('[').append(String.join(".", path.stream().map(TomlText::key).toList())).append("]\n");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }

  static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : string(key);
  }

  private static String value(Object value) {
    return switch (value) {
      case String s -> string(s);
      case Long n -> n.toString();
      case Integer n -> n.toString();
      case Double d -> d.isNaN() ? "nan" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : d.toString();
      case Boolean b -> b.toString();
      case List<?> list -> {
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(value(item)));
        yield "[" + String.join(", ", items) + "]";
      }
      case Map<?, ?> map -> {
        List<String> items = new ArrayList<>();
        cast(map).forEach((k, v) -> items.add(key(k) + " = " + value(v)));
        yield "{ " + String.join(", ", items) + " }";
      }
      default -> throw new IllegalArgumentException("no TOML form for " + value.getClass().getName());
    };
  }

  static String string(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
