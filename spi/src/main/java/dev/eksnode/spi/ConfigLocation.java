package dev.eksnode.spi;

import java.util.Objects;

/**
 * Where a configuration value came from. Stable API.
 *
 * @param source a file path, or e.g. {@code user-data part 2 (application/node.eks.aws)}
 * @param line 1-based; 0 when unknown
 * @param column 1-based; 0 when unknown
 */
public record ConfigLocation(String source, int line, int column) {
  public ConfigLocation {
    Objects.requireNonNull(source, "source");
  }

  /** A location for values that have no line, such as built-in defaults. */
  public static ConfigLocation of(String source) {
    return new ConfigLocation(source, 0, 0);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return source;
    }
    return column <= 0
        ? source + ", line " + line
        : source + ", line " + line + ", column " + column;
  }
}
