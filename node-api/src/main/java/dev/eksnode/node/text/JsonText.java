package dev.eksnode.node.text;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Renders plain values (String, Integer, Long, BigInteger, Double, Boolean, List, Map) as indented
 * JSON with keys in map order, so generated files are stable byte for byte and diff well. Reading
 * JSON is Jackson's job.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class JsonText {

  private JsonText() {}

  /** The value as JSON, two-space indented, ending in a newline. */
  public static String render(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, "");
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, String indent) {
    switch (value) {
      case null -> out.append("null");
      case String s -> quote(out, s);
      case Boolean b -> out.append(b);
      case Integer n -> out.append(n);
      case Long n -> out.append(n);
      // OCI's unsigned 64-bit limits: "unlimited" is 18446744073709551615, beyond a long.
      case BigInteger n -> out.append(n);
      case Double d -> {
        if (d.isNaN() || d.isInfinite()) {
          throw new IllegalArgumentException("JSON has no " + d);
        }
        out.append(d);
      }
      case Map<?, ?> map -> {
        if (map.isEmpty()) {
          out.append("{}");
          return;
        }
        out.append("{\n");
        String inner = indent + "  ";
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          out.append(inner);
          quote(out, String.valueOf(entry.getKey()));
          out.append(": ");
          write(out, entry.getValue(), inner);
          out.append(++i < map.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
      }
      case List<?> list -> {
        if (list.isEmpty()) {
          out.append("[]");
          return;
        }
        out.append("[\n");
        String inner = indent + "  ";
        for (int i = 0; i < list.size(); i++) {
          out.append(inner);
          write(out, list.get(i), inner);
          out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        out.append(indent).append(']');
      }
      default -> throw new IllegalArgumentException("cannot render " + value.getClass().getName() + " as JSON");
    }
  }

  /**
   * Appends a JSON string literal: quotes, backslashes and control characters (DEL included) escaped.
   * It is a TOML basic string too.
   */
  public static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
