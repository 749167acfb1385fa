package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.Plugin;

/**
 * A plugin and where it was found.
 *
 * @param plugin the plugin
 * @param source {@code built-in}, or the path of the jar it came from
 */
@API(status = INTERNAL, since = "0.1.0")
public record LoadedPlugin(Plugin plugin, String source) {

  public String id() {
    return plugin.id();
  }

  /**
   * Whether the plugin is known only from its jar's manifest, none of its classes loaded: a disabled
   * third-party plugin in a run (see {@link Kernel#discoverForRun}). It has no steps.
   */
  public boolean dormant() {
    return plugin instanceof DormantPlugin;
  }

  public boolean builtIn() {
    return BUILT_IN.equals(source);
  }

  public static final String BUILT_IN = "built-in";
}
