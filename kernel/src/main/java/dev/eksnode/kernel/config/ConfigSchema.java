package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.EksnodeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * eksnode's TOML schema, assembled from the {@link ConfigKey}s plugins declare: the built-in defaults
 * merged below every source, the JSON Schema {@code eksnode config schema} prints, and the key table
 * of docs/configuration.md. One description, three uses, so they cannot drift apart.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConfigSchema {

  /** How {@code plan --explain} names a default's source. */
  public static final String DEFAULTS_SOURCE = "built-in defaults";

  /**
   * One plugin's part of the schema.
   *
   * @param id the plugin id
   * @param sections the sections it owns
   * @param keys its documented keys; empty means undocumented (its sections accept anything)
   * @param enabledByDefault whether the plugin runs without {@code plugins.<id>.enabled = true}
   */
  public record PluginKeys(String id, Set<String> sections, List<ConfigKey> keys, boolean enabledByDefault) {
    public PluginKeys {
      sections = Set.copyOf(sections);
      keys = List.copyOf(keys);
    }
  }

  private ConfigSchema() {}

  /** The keys that have a default, as a tree located at {@link #DEFAULTS_SOURCE}. */
  public static Table defaults(List<PluginKeys> plugins) {
    ConfigLocation at = ConfigLocation.of(DEFAULTS_SOURCE);
    Map<String, Object> root = new LinkedHashMap<>();
    for (PluginKeys plugin : plugins) {
      for (ConfigKey key : plugin.keys()) {
        key.defaultValue().ifPresent(value -> put(root, KeyPath.parse(key.path()), value));
      }
    }
    return (Table) toNode(root, at);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, KeyPath path, Object value) {
    Map<String, Object> current = root;
    List<KeyPath.Segment> segments = path.segments();
    for (int i = 0; i < segments.size() - 1; i++) {
      current = (Map<String, Object>) current.computeIfAbsent(segments.get(i).name(), k -> new LinkedHashMap<String, Object>());
    }
    current.put(segments.getLast().name(), value);
  }

  @SuppressWarnings("unchecked")
  private static ConfigNode toNode(Object value, ConfigLocation at) {
    if (value instanceof Map<?, ?> map) {
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> entries.put(k, toNode(v, at)));
      return new Table(entries, at);
    }
    if (value instanceof Integer i) {
      return new Leaf(i.longValue(), at);
    }
    return new Leaf(value, at);
  }

  /** The JSON Schema (draft 2020-12) of eksnode's TOML, as plain maps and lists ready for Jackson. */
  public static Map<String, Object> jsonSchema(List<PluginKeys> plugins) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", "https://eksnode.dev/schema/eksnode-config.json");
    schema.put("title", "eksnode configuration");
    schema.put("description", "eksnode's TOML configuration: /etc/eksnode/eksnode.toml, config.d and local.d drop-ins, "
        + "and application/x-eksnode+toml user-data parts.");
    Map<String, Object> root = object(false);
    Map<String, Object> pluginsObject = object(false);
    property(root, "plugins", pluginsObject);
    for (PluginKeys plugin : plugins) {
      Map<String, Object> own = object(plugin.keys().isEmpty());
      Map<String, Object> enabled = new LinkedHashMap<>();
      enabled.put("type", "boolean");
      enabled.put("default", plugin.enabledByDefault());
      enabled.put("description", "Whether the plugin's steps run (owned by the kernel).");
      property(own, "enabled", enabled);
      property(pluginsObject, plugin.id(), own);
      for (String section : plugin.sections()) {
        if (!section.equals("plugins." + plugin.id()) && plugin.keys().isEmpty()) {
          ensure(root, KeyPath.parse(section).segments(), true);
        }
      }
      for (ConfigKey key : plugin.keys()) {
        List<KeyPath.Segment> segments = KeyPath.parse(key.path()).segments();
        Map<String, Object> parent = ensure(root, segments.subList(0, segments.size() - 1), false);
        property(parent, segments.getLast().name(), keySchema(key));
      }
    }
    Map<String, Object> pins = new LinkedHashMap<>();
    pins.put("type", "object");
    pins.put("propertyNames", Map.of("pattern", "^[a-z][a-z0-9-]*$"));
    pins.put("additionalProperties", Map.of("type", "string", "pattern", "^sha256:[0-9a-f]{64}$"));
    pins.put("description", "SHA-256 pins of plugin jars by plugin id (owned by the kernel; image configuration only). "
        + "Once any pin is set, every jar must match one.");
    property(root, "plugin-pins", pins);
    schema.putAll(root);
    return schema;
  }

  private static Map<String, Object> object(boolean open) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", "object");
    object.put("additionalProperties", open);
    object.put("properties", new LinkedHashMap<String, Object>());
    return object;
  }

  @SuppressWarnings("unchecked")
  private static void property(Map<String, Object> object, String name, Map<String, Object> schema) {
    ((Map<String, Object>) object.get("properties")).put(name, schema);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ensure(Map<String, Object> root, List<KeyPath.Segment> segments, boolean open) {
    Map<String, Object> current = root;
    for (KeyPath.Segment segment : segments) {
      Map<String, Object> properties = (Map<String, Object>) current.get("properties");
      current = (Map<String, Object>) properties.computeIfAbsent(segment.name(), k -> object(open));
    }
    return current;
  }

  private static Map<String, Object> keySchema(ConfigKey key) {
    Map<String, Object> schema = new LinkedHashMap<>();
    switch (key.type()) {
      case STRING -> schema.put("type", "string");
      case INTEGER -> schema.put("type", "integer");
      case BOOLEAN -> schema.put("type", "boolean");
      case STRING_LIST -> {
        schema.put("type", "array");
        schema.put("items", Map.of("type", "string"));
      }
      case STRING_MAP -> {
        schema.put("type", "object");
        schema.put("additionalProperties", Map.of("type", "string"));
      }
      case STRING_MAP_MAP -> {
        schema.put("type", "object");
        schema.put("additionalProperties", Map.of("type", "object", "additionalProperties", Map.of("type", "string")));
      }
      case TABLE -> schema.put("type", "object");
    }
    if (!key.allowed().isEmpty() && key.type() == ConfigKey.Type.STRING_LIST) {
      schema.put("items", Map.of("type", "string", "enum", key.allowed()));
    } else if (!key.allowed().isEmpty()) {
      schema.put("enum", key.allowed());
    }
    key.defaultValue().ifPresent(value -> schema.put("default", value));
    schema.put("examples", List.of(example(key)));
    schema.put("description", key.description());
    return schema;
  }

  /**
   * A key's example as a value: its TOML text parsed.
   *
   * @throws EksnodeException when the example is not a TOML value (a plugin's mistake, found by tests)
   */
  public static Object example(ConfigKey key) {
    TomlParseResult parsed = Toml.parse("example = " + key.example());
    if (parsed.hasErrors() || !parsed.contains("example")) {
      throw new EksnodeException("the example of configuration key " + key.path() + " is not a TOML value: " + key.example());
    }
    return TomlDocuments.parse("example of " + key.path(), "example = " + key.example()).entries().get("example").plain();
  }

  /** The key table of docs/configuration.md: every key with its type, default, example and description. */
  public static String markdown(List<PluginKeys> plugins) {
    StringBuilder text = new StringBuilder();
    text.append("| Key | Type | Default | Example | Description |\n");
    text.append("| --- | --- | --- | --- | --- |\n");
    List<String> rows = new ArrayList<>();
    for (PluginKeys plugin : plugins) {
      for (ConfigKey key : plugin.keys()) {
        String type = key.type().label() + (key.allowed().isEmpty() ? "" : ": " + String.join(", ", key.allowed()));
        String defaultText = key.defaultValue().map(ConfigSchema::tomlLiteral).map(t -> "`" + t + "`").orElse("");
        rows.add("| `" + key.path() + "` | " + type + " | " + defaultText + " | `" + key.example().replace("|", "\\|") + "` | "
            + key.description().replace("|", "\\|") + " |");
      }
      rows.add("| `plugins." + plugin.id() + ".enabled` | boolean | " + (plugin.enabledByDefault() ? "`true`" : "`false`")
          + " | `true` | Whether the " + plugin.id() + " plugin's steps run. |");
    }
    rows.add("| `plugin-pins.<id>` | string | | `\"sha256:9f86d08...\"` | SHA-256 pin of a plugin jar, by the plugin id its manifest "
        + "declares (else the jar's file name without .jar). Read only from the image configuration, before any jar is loaded. "
        + "Once any pin is set, a jar without a matching pin is refused (exit 3). `eksnode plugins --format pins` prints them. |");
    rows.forEach(row -> text.append(row).append('\n'));
    return text.toString();
  }

  /** A plain value as TOML writes it. */
  public static String tomlLiteral(Object value) {
    return switch (value) {
      case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case List<?> list -> "[" + String.join(", ", list.stream().map(ConfigSchema::tomlLiteral).toList()) + "]";
      case Map<?, ?> map -> {
        List<String> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(ConfigSection.literal(String.valueOf(k)) + " = " + tomlLiteral(v)));
        yield "{" + String.join(", ", entries) + "}";
      }
      default -> String.valueOf(value);
    };
  }
}
