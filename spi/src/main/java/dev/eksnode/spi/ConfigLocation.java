package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Objects;

/**
 * Where a configuration value came from.
 *
 * @param source a file path, or e.g. {@code user-data part 2 (application/x-acme-config)}
 * @param line 1-based; 0 when unknown
 * @param column 1-based; 0 when unknown
 * @param key the key as the source wrote it when that differs from eksnode's key, e.g. {@code
 *     spec.agent.endpoint} for a value a {@link ConfigFormat} translated to {@code plugins.acme.endpoint};
 *     empty otherwise. Messages name this key, so users find the value where they wrote it.
 */
@API(status = STABLE, since = "0.1.0")
public record ConfigLocation(String source, int line, int column, String key) {
  public ConfigLocation {
    Objects.requireNonNull(source, "source");
    key = key == null ? "" : key;
  }

  public ConfigLocation(String source, int line, int column) {
    this(source, line, column, "");
  }

  /** A location for values that have no line, such as built-in defaults. */
  public static ConfigLocation of(String source) {
    return new ConfigLocation(source, 0, 0, "");
  }

  /** This location, naming the key as the source wrote it. */
  public ConfigLocation withKey(String writtenKey) {
    return new ConfigLocation(source, line, column, writtenKey);
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
