package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreConfigKeysTest {

  @Test
  void bindingTheDefaultsAloneGivesTheBindersOwnDefaults() {
    PluginSet plugins = Configs.plugins();
    NodeSettings fromDefaults = (NodeSettings) Kernel.bind(plugins, ConfigSchema.defaults(Kernel.schemaKeys(plugins))).bound().get("core");
    NodeSettings fromNothing = (NodeSettings) Kernel.bind(plugins, ConfigNode.Table.empty(ConfigLocation.of("x"))).bound().get("core");
    assertEquals(fromNothing, fromDefaults);
  }

  @Test
  void everyExampleIsValidForItsKey() {
    for (ConfigKey key : CoreConfigKeys.KEYS) {
      Object example = ConfigSchema.example(key);
      boolean typed = switch (key.type()) {
        case STRING -> example instanceof String;
        case INTEGER -> example instanceof Long;
        case BOOLEAN -> example instanceof Boolean;
        case STRING_LIST -> example instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
        case STRING_MAP -> example instanceof Map<?, ?> map && map.values().stream().allMatch(String.class::isInstance);
        case STRING_MAP_MAP, TABLE -> example instanceof Map<?, ?>;
      };
      assertTrue(typed, key.path() + ": example " + key.example() + " is not a " + key.type().label());
      if (!key.allowed().isEmpty() && example instanceof String text) {
        assertTrue(key.allowed().contains(text), key.path() + ": example not among the allowed values");
      }
    }
  }

  @Test
  void everyKeyIsInASectionThePluginOwns() {
    for (ConfigKey key : CoreConfigKeys.KEYS) {
      String top = key.path().split("\\.")[0];
      assertTrue(new CorePlugin().configSections().contains(top), key.path());
    }
  }
}
