package dev.eksnode.spi;

import java.util.Objects;

/**
 * One thing wrong with the configuration. Stable API.
 *
 * @param location where the offending value is
 * @param key the full dotted key, e.g. {@code cluster.serviceCidr}
 * @param message what is wrong, e.g. {@code "10.100.0.0/33" is not a CIDR}
 * @param suggestion how to fix it, or empty
 */
public record ConfigProblem(ConfigLocation location, String key, String message, String suggestion) {
  public ConfigProblem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    suggestion = suggestion == null ? "" : suggestion;
  }

  @Override
  public String toString() {
    String text = location + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    return suggestion.isEmpty() ? text : text + " (" + suggestion + ")";
  }
}
