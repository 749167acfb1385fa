package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Objects;

/**
 * One thing wrong with the configuration.
 *
 * @param location where the offending value is
 * @param key the full dotted key, e.g. {@code plugins.acme.endpoint}
 * @param message what is wrong, e.g. {@code "ftp://x" is not an https URL}
 * @param suggestion how to fix it, or empty
 * @param severity an error refuses the run; a warning is printed and the run goes on
 */
@API(status = STABLE, since = "0.1.0")
public record ConfigProblem(
    ConfigLocation location, String key, String message, String suggestion, Severity severity) {

  /** Whether a problem stops the run. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public ConfigProblem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
    suggestion = suggestion == null ? "" : suggestion;
  }

  /** An error. */
  public ConfigProblem(ConfigLocation location, String key, String message, String suggestion) {
    this(location, key, message, suggestion, Severity.ERROR);
  }

  /** A warning: reported, but the run goes on. */
  public static ConfigProblem warning(ConfigLocation location, String key, String message, String suggestion) {
    return new ConfigProblem(location, key, message, suggestion, Severity.WARNING);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The same problem with another severity ({@code --strict} and {@code --lenient} move problems across). */
  public ConfigProblem withSeverity(Severity other) {
    return new ConfigProblem(location, key, message, suggestion, other);
  }

  /**
   * The key as users should look for it: the key the source wrote when the value was translated from
   * another format (e.g. {@code spec.agent.endpoint}), else eksnode's key.
   */
  public String shownKey() {
    if (location.key().isEmpty()) {
      return key;
    }
    return location.key();
  }

  /** {@code location: key: message (suggestion)}; the severity is the printer's business. */
  @Override
  public String toString() {
    String shown = shownKey();
    String text = location + ": " + (shown.isEmpty() ? "" : shown + ": ") + message;
    return suggestion.isEmpty() ? text : text + " (" + suggestion + ")";
  }
}
