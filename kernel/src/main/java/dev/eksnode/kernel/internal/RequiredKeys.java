package dev.eksnode.kernel.internal;

import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a run of one phase needs ({@link ConfigKey#requiredIn()}) that the merged configuration does
 * not set, for every enabled plugin at once. Each problem is located where the key was looked for: the
 * nearest table on its path that a source wrote, which for a plugin's own key is its {@code
 * [plugins.<id>]} section, the one that enabled it; when that section holds only built-in defaults, where
 * a source set {@code plugins.<id>.enabled}.
 */
public final class RequiredKeys {

  /** Where a key is reported missing when no table on its path was written by any source. */
  public static final String NO_SOURCE = "the merged configuration (no source sets this section)";

  private RequiredKeys() {}

  public static List<ConfigProblem> missing(PluginSet plugins, Set<String> enabled, ConfigNode.Table config, Phase phase) {
    List<ConfigProblem> problems = new ArrayList<>();
    String run = phase == Phase.IMAGE ? "an image build" : "a boot";
    for (LoadedPlugin loaded : plugins.plugins()) {
      if (!enabled.contains(loaded.id())) {
        continue;
      }
      for (ConfigKey key : loaded.plugin().configKeys()) {
        if (!key.isRequiredIn(phase)) {
          continue;
        }
        Lookup lookup = lookup(config, key.path());
        if (!lookup.found()) {
          String why = loaded.plugin().enabledByDefault()
              ? run + " needs it"
              : run + " needs it while plugin '" + loaded.id() + "' is enabled";
          ConfigLocation at = lookup.nearest().source().equals(NO_SOURCE)
              ? enabledAt(config, loaded.id()).orElse(lookup.nearest()) : lookup.nearest();
          problems.add(new ConfigProblem(at, key.path(), "is required: " + why + ", and no source sets it",
              "set it, e.g. " + key.path() + " = " + key.example()));
        }
      }
    }
    return problems;
  }

  /**
   * Whether {@code path} is set, and the location of the nearest table on its way that a source wrote
   * (not the built-in defaults).
   */
  private record Lookup(boolean found, ConfigLocation nearest) {}

  /**
   * Where a source set {@code plugins.<id>.enabled}, when one did: the place to report a key the plugin
   * needs when its section holds only defaults.
   */
  private static Optional<ConfigLocation> enabledAt(ConfigNode.Table config, String id) {
    ConfigNode node = config;
    for (String segment : List.of("plugins", id, "enabled")) {
      if (!(node instanceof ConfigNode.Table table) || (node = table.entries().get(segment)) == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node.location()).filter(at -> !at.source().equals(ConfigSchema.DEFAULTS_SOURCE));
  }

  private static Lookup lookup(ConfigNode.Table config, String path) {
    ConfigNode current = config;
    ConfigLocation nearest = ConfigLocation.of(NO_SOURCE);
    for (String segment : ConfigSchema.segments(path)) {
      if (!(current instanceof ConfigNode.Table table)) {
        return new Lookup(false, nearest);
      }
      if (table != config && !table.location().source().equals(ConfigSchema.DEFAULTS_SOURCE)) {
        nearest = table.location();
      }
      current = table.entries().get(segment);
      if (current == null) {
        return new Lookup(false, nearest);
      }
    }
    return new Lookup(true, nearest);
  }
}
