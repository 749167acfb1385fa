package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's part of the merged configuration, with the source of every value. Values are {@code
 * String}, {@code Long}, {@code Double}, {@code Boolean}, {@code List} or {@code Map}. The typed
 * getters report a value of the wrong type as a problem and return empty, so a binder can read every
 * key and let the kernel report all mistakes together.
 *
 * <p>Keys are dotted paths. A segment in double quotes is taken literally, for keys that contain dots
 * ({@code "acme.example.com/role"}, see {@link #literal}); a segment may end in {@code [i]} to
 * address the i-th item of a list ({@code flags[2]}), so a problem points at the item's own line.
 */
@API(status = STABLE, since = "0.1.0")
public interface ConfigSection {

  /**
   * {@code key} as a single path segment, written as TOML writes keys: bare when it is only letters,
   * digits, {@code -} and {@code _}, else quoted ({@code "acme.example.com/role"}).
   */
  static String literal(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean bare = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!bare) {
        return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      }
    }
    return key.isEmpty() ? "\"\"" : key;
  }

  /** The section's dotted path, e.g. {@code plugins.acme}. */
  String path();

  /** Whether any source set anything in this section. */
  boolean present();

  /** The keys set directly in this section, sorted, as written (not quoted). */
  Set<String> keys();

  /** A raw value by key (dotted for nested tables). */
  Optional<Object> value(String key);

  Optional<String> string(String key);

  Optional<Long> integer(String key);

  Optional<Boolean> bool(String key);

  /** A list of strings; reports any element that is not a string. */
  Optional<List<String>> strings(String key);

  /** A table as a plain map. */
  Optional<Map<String, Object>> table(String key);

  /** A nested section; absent keys give an empty section. */
  ConfigSection section(String key);

  /** Where a key's value came from; the section's own location when the key is not set. */
  ConfigLocation location(String key);

  /** Records a problem with a key of this section. */
  void problem(String key, String message);

  /** Records a problem with a key of this section, with a suggestion how to fix it. */
  void problem(String key, String message, String suggestion);

  /**
   * Reports every key of this section not in {@code known} as unknown, suggesting the closest known
   * key when there is one. In a {@code plugins.<id>} section the kernel's own key {@code enabled} is
   * always allowed. An error, or a warning under {@code --lenient}.
   */
  void allowOnly(Set<String> known);
}
