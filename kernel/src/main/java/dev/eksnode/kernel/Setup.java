package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugins with their configuration bound: what a phase is planned and run from.
 *
 * @param plugins every plugin found
 * @param config the merged configuration
 * @param bound for each plugin id, what its {@code bindConfig} returned
 * @param enabled the ids of the plugins whose steps run
 * @param warnings problems binding found that do not stop the run (unknown keys under {@code --lenient})
 */
@API(status = INTERNAL, since = "0.1.0")
public record Setup(
    PluginSet plugins, ConfigNode.Table config, Map<String, Object> bound, Set<String> enabled, List<ConfigProblem> warnings) {
  public Setup {
    bound = Map.copyOf(bound);
    enabled = Set.copyOf(enabled);
    warnings = List.copyOf(warnings);
  }

  public Setup(PluginSet plugins, ConfigNode.Table config, Map<String, Object> bound, Set<String> enabled) {
    this(plugins, config, bound, enabled, List.of());
  }
}
