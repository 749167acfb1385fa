package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.plugins.core.CorePlugin;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import org.junit.jupiter.api.Test;

/** The core plugin's keys; the conformance kit checks every example against its type (kit-documented-keys). */
class CoreConfigKeysTest {

  @Test
  void bindingTheDefaultsAloneGivesTheBindersOwnDefaults() {
    PluginSet plugins = Configs.plugins();
    NodeSettings fromDefaults = (NodeSettings) Kernel.bind(plugins, ConfigSchema.defaults(Kernel.schemaKeys(plugins))).bound().get("core");
    NodeSettings fromNothing = (NodeSettings) Kernel.bind(plugins, ConfigNode.Table.empty(ConfigLocation.of("x"))).bound().get("core");
    assertEquals(fromNothing, fromDefaults);
  }

  @Test
  void everyKeyIsInASectionThePluginOwns() {
    for (ConfigKey key : CoreConfigKeys.KEYS) {
      String top = key.path().split("\\.")[0];
      assertTrue(new CorePlugin().configSections().contains(top), key.path());
    }
  }
}
