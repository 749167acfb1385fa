package dev.eksnode.kernel.internal.config;

import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed configuration key: dotted segments, each optionally quoted ({@code "node.kubernetes.io/role"})
 * and optionally followed by a list index ({@code flags[2]}).
 *
 * @param segments the path's segments in order
 */
public record KeyPath(List<Segment> segments) {

  /**
   * One step of a path.
   *
   * @param name the table key, unquoted
   * @param index the list item, or -1 for the value itself
   */
  public record Segment(String name, int index) {
    @Override
    public String toString() {
      return ConfigSection.literal(name) + (index >= 0 ? "[" + index + "]" : "");
    }
  }

  public KeyPath {
    segments = List.copyOf(segments);
  }

  /** Parses a key; text that is not a well-formed path is taken as one literal segment. */
  public static KeyPath parse(String key) {
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    int n = key.length();
    while (true) {
      StringBuilder name = new StringBuilder();
      if (i < n && key.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = key.charAt(i++);
          if (c == '\\' && i < n) {
            name.append(key.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            name.append(c);
          }
        }
        if (!closed) {
          return new KeyPath(List.of(new Segment(key, -1)));
        }
      } else {
        while (i < n && key.charAt(i) != '.' && key.charAt(i) != '[') {
          name.append(key.charAt(i++));
        }
      }
      int index = -1;
      if (i < n && key.charAt(i) == '[') {
        int close = key.indexOf(']', i);
        if (close < 0) {
          return new KeyPath(List.of(new Segment(key, -1)));
        }
        try {
          index = Integer.parseInt(key.substring(i + 1, close));
        } catch (NumberFormatException e) {
          return new KeyPath(List.of(new Segment(key, -1)));
        }
        i = close + 1;
      }
      segments.add(new Segment(name.toString(), index));
      if (i >= n) {
        return new KeyPath(segments);
      }
      if (key.charAt(i) != '.') {
        return new KeyPath(List.of(new Segment(key, -1)));
      }
      i++;
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Segment segment : segments) {
      if (!text.isEmpty()) {
        text.append('.');
      }
      text.append(segment);
    }
    return text.toString();
  }
}
