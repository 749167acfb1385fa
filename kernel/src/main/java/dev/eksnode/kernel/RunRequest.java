package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.API;
import dev.eksnode.spi.Phase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Kernel#prepare} prepares a run from. Build one with {@link #of} and the {@code with}
 * methods; every field has the default a node's boot uses.
 *
 * @param phase the phase whose steps are ordered
 * @param root the directory treated as {@code /}: the image configuration, the pins and the presets are
 *     read under it
 * @param plugins where the plugins come from
 * @param sources the configuration sources in order, lowest precedence first; empty for the default
 *     list (image configuration, what source providers add such as user data, node-local drop-ins)
 * @param overrides sources read after every other one, such as the files {@code --config} names
 * @param policy how strictly unknown keys are judged
 * @param environment what source providers see (endpoint overrides)
 * @param offline leave the providers' sources (user data) out of the default list: a check that never
 *     contacts a service
 */
@API(status = INTERNAL, since = "0.1.0")
public record RunRequest(
    Phase phase,
    Path root,
    Plugins plugins,
    Optional<List<ConfigSource>> sources,
    List<ConfigSource> overrides,
    ConfigPolicy policy,
    Map<String, String> environment,
    boolean offline) {

  public RunRequest {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(plugins, "plugins");
    sources = sources.map(List::copyOf);
    overrides = List.copyOf(overrides);
    Objects.requireNonNull(policy, "policy");
    environment = Map.copyOf(environment);
  }

  /** Where a run's plugins come from. */
  public sealed interface Plugins {

    /**
     * The built-in plugins and the jars in {@code directory}, checked against the pins of the image
     * configuration under the root. A jar whose manifest names its plugin id and default stays unloaded
     * until the configuration enables it ({@code Kernel.discoverForRun}).
     */
    record Directory(Path directory) implements Plugins {
      public Directory {
        Objects.requireNonNull(directory, "directory");
      }
    }

    /** Exactly these plugins, checked as discovery checks them: for tests and the conformance kit. */
    record Given(List<LoadedPlugin> plugins) implements Plugins {
      public Given {
        plugins = List.copyOf(plugins);
      }
    }
  }

  /**
   * A request for {@code phase} over {@code root}: plugins from {@link Kernel#DEFAULT_PLUGINS_DIRECTORY}
   * under the root, the default sources, no overrides, the default policy, no environment.
   */
  public static RunRequest of(Phase phase, Path root) {
    return new RunRequest(phase, root, new Plugins.Directory(root.resolve(Kernel.DEFAULT_PLUGINS_DIRECTORY.toString().substring(1))),
        Optional.empty(), List.of(), ConfigPolicy.DEFAULT, Map.of(), false);
  }

  public RunRequest withPhase(Phase phase) {
    return new RunRequest(phase, root, plugins, sources, overrides, policy, environment, offline);
  }

  public RunRequest withPluginsDirectory(Path directory) {
    return withPlugins(new Plugins.Directory(directory));
  }

  public RunRequest withPlugins(List<LoadedPlugin> plugins) {
    return withPlugins(new Plugins.Given(plugins));
  }

  public RunRequest withPlugins(Plugins plugins) {
    return new RunRequest(phase, root, plugins, sources, overrides, policy, environment, offline);
  }

  /** Reads exactly {@code sources} (then the overrides) instead of the default list. */
  public RunRequest withSources(List<ConfigSource> sources) {
    return new RunRequest(phase, root, plugins, Optional.of(sources), overrides, policy, environment, offline);
  }

  /** Reads {@code files} after every other source, as {@code --config} does. */
  public RunRequest withConfigFiles(List<Path> files) {
    return withOverrides(files.stream().<ConfigSource>map(file -> new ConfigSource.Files(file, false)).toList());
  }

  /** Reads {@code overrides} after every other source. */
  public RunRequest withOverrides(List<ConfigSource> overrides) {
    return new RunRequest(phase, root, plugins, sources, overrides, policy, environment, offline);
  }

  public RunRequest withPolicy(ConfigPolicy policy) {
    return new RunRequest(phase, root, plugins, sources, overrides, policy, environment, offline);
  }

  public RunRequest withEnvironment(Map<String, String> environment) {
    return new RunRequest(phase, root, plugins, sources, overrides, policy, environment, offline);
  }

  /** Leaves the providers' sources out of the default list; see {@link #offline()}. */
  public RunRequest withOffline(boolean offline) {
    return new RunRequest(phase, root, plugins, sources, overrides, policy, environment, offline);
  }

  /** Whether the root is the live machine's {@code /}. */
  boolean liveRoot() {
    return root.toAbsolutePath().normalize().equals(Path.of("/").toAbsolutePath());
  }
}
