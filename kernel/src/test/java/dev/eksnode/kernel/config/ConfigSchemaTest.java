package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.EksnodeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

  private static final List<ConfigSchema.PluginKeys> PLUGINS = List.of(
      new ConfigSchema.PluginKeys("core", Set.of("cluster", "plugins.core"), List.of(
          new ConfigKey("cluster.name", ConfigKey.Type.STRING, Optional.empty(), List.of(), "\"demo\"", "The name."),
          new ConfigKey("cluster.mode", ConfigKey.Type.STRING, Optional.of("a"), List.of("a", "b"), "\"b\"", "A mode.")), true),
      new ConfigSchema.PluginKeys("acme", Set.of("plugins.acme"), List.of(), false));

  @Test
  void buildsDefaultsFromTheKeys() {
    assertEquals(Map.of("cluster", Map.of("mode", "a")), ConfigSchema.defaults(PLUGINS).plain());
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishesAJsonSchemaOfEveryKey() {
    Map<String, Object> schema = ConfigSchema.jsonSchema(PLUGINS);
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    Map<String, Object> cluster = (Map<String, Object>) properties.get("cluster");
    assertEquals(false, cluster.get("additionalProperties"));
    Map<String, Object> mode = (Map<String, Object>) ((Map<String, Object>) cluster.get("properties")).get("mode");
    assertEquals(Map.of("type", "string", "enum", List.of("a", "b"), "default", "a", "examples", List.of("b"),
        "description", "A mode."), mode);
    Map<String, Object> plugins = (Map<String, Object>) ((Map<String, Object>) properties.get("plugins")).get("properties");
    assertEquals(true, ((Map<String, Object>) plugins.get("acme")).get("additionalProperties"),
        "an undocumented plugin's section accepts anything");
    Map<String, Object> pins = (Map<String, Object>) properties.get("plugin-pins");
    assertEquals(Map.of("type", "string", "pattern", "^sha256:[0-9a-f]{64}$"), pins.get("additionalProperties"));
  }

  @Test
  void rendersTheDocumentationTable() {
    assertEquals("""
        | Key | Type | Default | Example | Description |
        | --- | --- | --- | --- | --- |
        | `cluster.name` | string |  | `"demo"` | The name. |
        | `cluster.mode` | string: a, b | `"a"` | `"b"` | A mode. |
        | `plugins.core.enabled` | boolean | `true` | `true` | Whether the core plugin's steps run. |
        | `plugins.acme.enabled` | boolean | `false` | `true` | Whether the acme plugin's steps run. |
        | `plugin-pins.<id>` | string | | `"sha256:9f86d08..."` | SHA-256 pin of a plugin jar, by the plugin id its manifest \
        declares (else the jar's file name without .jar). Read only from the image configuration, before any jar is loaded. \
        Once any pin is set, a jar without a matching pin is refused (exit 3). `eksnode plugins --format pins` prints them. |
        """, ConfigSchema.markdown(PLUGINS));
  }

  @Test
  @SuppressWarnings("unchecked")
  void marksRequiredAndSecretKeysInTheSchemaAndTheTable() {
    ConfigKey token = new ConfigKey("plugins.acme.token", ConfigKey.Type.STRING, Optional.empty(), List.of(), "\"t-1\"",
        "The token.").required(dev.eksnode.spi.Phase.BOOT).asSecret();
    List<ConfigSchema.PluginKeys> plugins = List.of(new ConfigSchema.PluginKeys("acme", Set.of("plugins.acme"), List.of(token), false));

    Map<String, Object> acme = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ConfigSchema.jsonSchema(plugins).get("properties")).get("plugins")).get("properties")).get("acme");
    Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) acme.get("properties")).get("token");

    assertEquals(List.of("boot"), schema.get(ConfigSchema.REQUIRED_IN));
    assertEquals(true, schema.get("writeOnly"));
    assertEquals(true, schema.get(ConfigSchema.SECRET));
    assertEquals("The token. Required at boot when the plugin is enabled. Secret: never shown in output, logs or reports.",
        schema.get("description"));
    assertEquals("| `plugins.acme.token` | string |  | `\"t-1\"` | The token. Required at boot when the plugin is enabled."
        + " Secret: never shown in output, logs or reports. |", ConfigSchema.markdown(plugins).lines().skip(2).findFirst().orElseThrow());
  }

  @Test
  void refusesAnExampleThatIsNotToml() {
    var key = new ConfigKey("a.b", ConfigKey.Type.STRING, Optional.empty(), List.of(), "not toml", "x");
    EksnodeException e = assertThrows(EksnodeException.class, () -> ConfigSchema.example(key));
    assertEquals("the example of configuration key a.b is not a TOML value: not toml", e.getMessage());
  }
}
