package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One documented configuration key: what {@code eksnode config schema} publishes, what
 * docs/configuration.md lists, and where a built-in default comes from.
 *
 * @param path the full dotted key, e.g. {@code plugins.acme.endpoint}
 * @param type the value's type
 * @param defaultValue the built-in default (String, Long or Boolean), merged below every source; empty for none
 * @param allowed for strings with a closed set of values, the values; empty otherwise
 * @param example a value as it is written in TOML, e.g. {@code "10.100.0.0/16"}
 * @param description one sentence
 */
@API(status = STABLE, since = "0.1.0")
public record ConfigKey(
    String path, Type type, Optional<Object> defaultValue, List<String> allowed, String example, String description) {

  /** The value types eksnode's TOML uses. */
  public enum Type {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    /** A list of strings. */
    STRING_LIST("list of strings"),
    /** A table whose values are strings (labels, environment variables). */
    STRING_MAP("table of strings"),
    /** A table of tables of strings ({@code instance.environment.<service>.<NAME>}). */
    STRING_MAP_MAP("table of tables of strings"),
    /** A free-form table passed on to another program (a service's own settings). */
    TABLE("table");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    /** How documentation names the type. */
    public String label() {
      return label;
    }
  }

  /**
   * The names directly under {@code section} of the keys below it, in order and without repeats, as
   * {@link ConfigSection#allowOnly} takes them: for {@code plugins.acme} and the keys {@code
   * plugins.acme.endpoint} and {@code plugins.acme.retry.count}, {@code [endpoint, retry]}. A binder
   * that allows exactly these accepts every key it documents and no other.
   */
  public static Set<String> namesUnder(String section, List<ConfigKey> keys) {
    Set<String> names = new LinkedHashSet<>();
    String prefix = section + ".";
    for (ConfigKey key : keys) {
      if (key.path().startsWith(prefix)) {
        String rest = key.path().substring(prefix.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return Collections.unmodifiableSet(names);
  }

  public ConfigKey {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    allowed = List.copyOf(allowed);
    Objects.requireNonNull(example, "example");
    Objects.requireNonNull(description, "description");
  }
}
