package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import java.util.List;
import java.util.Optional;

/**
 * Every plugin found, sorted by id, and every problem met while finding them.
 *
 * @param plugins the loaded plugins, sorted by id
 * @param problems broken jars, duplicate ids, plugins needing a newer kernel
 */
@API(status = INTERNAL, since = "0.1.0")
public record PluginSet(List<LoadedPlugin> plugins, List<GraphProblem> problems) {
  public PluginSet {
    plugins = List.copyOf(plugins);
    problems = List.copyOf(problems);
  }

  public Optional<LoadedPlugin> find(String id) {
    return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
  }
}
