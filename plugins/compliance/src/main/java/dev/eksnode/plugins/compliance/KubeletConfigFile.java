package dev.eksnode.plugins.compliance;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.spi.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet configuration as the kubelet reads it: the main JSON file, then every {@code *.conf} of
 * the drop-in directory in name order deep-merged over it (maps merge, other values are replaced).
 */
final class KubeletConfigFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> merged;
  private final Map<String, String> sources;

  private KubeletConfigFile(Map<String, Object> merged, Map<String, String> sources) {
    this.merged = merged;
    this.sources = sources;
  }

  /**
   * Reads the configuration; empty when the main file does not exist.
   *
   * @throws IllegalStateException naming the file when it is not a JSON object
   */
  static Optional<KubeletConfigFile> read(Host host, String main, String dropIns) {
    Optional<String> text = host.readString(main);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    merge(merged, parse(text.get(), main), "", main, sources);
    for (String name : host.list(dropIns)) {
      if (name.endsWith(".conf")) {
        String file = dropIns + "/" + name;
        merge(merged, parse(host.readString(file).orElse("{}"), file), "", file, sources);
      }
    }
    return Optional.of(new KubeletConfigFile(merged, sources));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String text, String file) {
    try {
      Object value = JSON.readValue(text, Object.class);
      if (value instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
      throw new IllegalStateException(file + " is not a JSON object");
    } catch (JacksonException e) {
      throw new IllegalStateException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from, String prefix, String file, Map<String, String> sources) {
    for (Map.Entry<String, Object> entry : from.entrySet()) {
      String key = prefix + entry.getKey();
      Object existing = into.get(entry.getKey());
      if (existing instanceof Map<?, ?> a && entry.getValue() instanceof Map<?, ?> b) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) a);
        merge(copy, (Map<String, Object>) b, key + ".", file, sources);
        into.put(entry.getKey(), copy);
      } else {
        into.put(entry.getKey(), entry.getValue());
        record(entry.getValue(), key, file, sources);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void record(Object value, String key, String file, Map<String, String> sources) {
    if (value instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).forEach((k, v) -> record(v, key + "." + k, file, sources));
    } else {
      sources.put(key, file);
    }
  }

  /** A dotted key's value, e.g. {@code authentication.anonymous.enabled}. */
  Optional<Object> value(String dottedKey) {
    Object current = merged;
    for (String part : dottedKey.split("\\.")) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return Optional.empty();
      }
      current = map.get(part);
    }
    return Optional.ofNullable(current);
  }

  /** The file that set a dotted key. */
  String source(String dottedKey) {
    return sources.getOrDefault(dottedKey, "?");
  }
}
