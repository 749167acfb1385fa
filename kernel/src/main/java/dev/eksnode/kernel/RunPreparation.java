package dev.eksnode.kernel;

import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigPresets;
import dev.eksnode.spi.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Kernel#prepare}: the one way a run is prepared, for the command line and the conformance kit
 * alike. In this order: discover the plugins (leaving jars dormant), read the configuration, wake the
 * jars it enables (reading again when they bring formats, sources or defaults), select the presets it
 * names (reading again with them), warn about pins set outside the image configuration, bind, check the
 * embedded configurations, and order the phase's steps.
 */
final class RunPreparation {

  private static final Logger LOGGER = LoggerFactory.getLogger(RunPreparation.class);

  private RunPreparation() {}

  /** Plugins as far as the configuration woke them, and the configuration read with them. */
  private record Read(PluginSet plugins, ConfigLoader.Loaded loaded) {}

  static Preparation prepare(RunRequest request) {
    PluginSet discovered;
    switch (request.plugins()) {
      case RunRequest.Plugins.Directory directory -> {
        PluginPins pins;
        try {
          pins = PluginPins.read(request.root());
        } catch (ConfigException e) {
          return new Preparation.Refused(List.of(), e.problems());
        }
        discovered = Kernel.discoverForRun(directory.directory(), pins);
      }
      case RunRequest.Plugins.Given given -> discovered = Kernel.of(given.plugins());
    }
    if (!discovered.problems().isEmpty()) {
      return new Preparation.Refused(discovered.problems(), List.of());
    }

    List<ConfigSource> sources = sources(request, discovered);
    Read read = readAndWake(request, discovered, sources);
    if (!read.plugins().problems().isEmpty()) {
      return new Preparation.Refused(read.plugins().problems(), List.of());
    }
    List<Preparation.Preset> presets = selectPresets(request.root(), read.plugins(), sources, read.loaded().merged());
    if (!presets.isEmpty()) {
      sources = withPresets(request.root(), sources, presets);
      read = readAndWake(request, read.plugins(), sources);
      if (!read.plugins().problems().isEmpty()) {
        return new Preparation.Refused(read.plugins().problems(), List.of());
      }
    }

    PluginSet plugins = read.plugins();
    ConfigLoader.Loaded loaded = read.loaded();
    List<ConfigProblem> problems = new ArrayList<>(loaded.problems());
    problems.addAll(pinsOutsideImage(request.root(), loaded.merged()));
    Setup setup = null;
    try {
      setup = Kernel.bind(plugins, loaded.merged(), request.policy());
      problems.addAll(setup.warnings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(embeddedConfigProblems(plugins, loaded.merged(), request));
    problems = loaded.inSourceOrder(problems);
    if (setup == null || problems.stream().anyMatch(ConfigProblem::isError)) {
      return new Preparation.Refused(List.of(), problems);
    }

    return switch (Kernel.order(setup, request.phase())) {
      case StepGraph.Ordered graph -> new Preparation.Ready(request.phase(), setup, graph, loaded, presets, problems);
      case StepGraph.Invalid invalid -> new Preparation.Refused(invalid.problems(), problems);
    };
  }

  /**
   * The request's sources, or the default list (without the providers' sources when offline), then the
   * overrides.
   */
  private static List<ConfigSource> sources(RunRequest request, PluginSet plugins) {
    List<ConfigSource> sources = new ArrayList<>(request.sources().orElseGet(() ->
        loader(plugins, request).defaultSources(request.root(), request.liveRoot(), !request.offline())));
    sources.addAll(request.overrides());
    return sources;
  }

  private static ConfigLoader loader(PluginSet plugins, RunRequest request) {
    return Kernel.configLoader(plugins, request.policy(), request.environment());
  }

  /**
   * Reads the sources, then loads the dormant jars the configuration enables or configures ({@link
   * Kernel#wake}); when those bring formats, sources, append keys or defaults, reads again with them.
   */
  private static Read readAndWake(RunRequest request, PluginSet plugins, List<ConfigSource> sources) {
    ConfigLoader.Loaded loaded = loader(plugins, request).load(sources);
    PluginSet woken = Kernel.wake(plugins, loaded.merged());
    if (woken != plugins && woken.problems().isEmpty() && Kernel.wakeChangesConfiguration(plugins, woken)) {
      loaded = loader(woken, request).load(sources);
    }
    return new Read(woken, loaded);
  }

  /**
   * The presets the configuration names and the root has, one per {@link ConfigPresets} declaration, in
   * plugin id order. Only a run that reads the image configuration takes presets: they are read right
   * after it.
   */
  static List<Preparation.Preset> selectPresets(Path root, PluginSet plugins, List<ConfigSource> sources, ConfigNode.Table config) {
    if (imageConfigurationIndex(root, sources) < 0) {
      return List.of();
    }
    List<Preparation.Preset> presets = new ArrayList<>();
    for (LoadedPlugin loaded : plugins.plugins()) {
      for (ConfigPresets offered : loaded.plugin().configPresets()) {
        if (config.entries().get(offered.selector()) instanceof ConfigNode.Leaf leaf && leaf.value() instanceof String name
            && ConfigPresets.NAME.matcher(name).matches()) {
          Path file = under(root, offered.directory()).resolve(name + ".toml");
          if (Files.isRegularFile(file)) {
            LOGGER.debug("{} = \"{}\" selects the preset {} of plugin {}", offered.selector(), name, file, loaded.id());
            presets.add(new Preparation.Preset(loaded.id(), offered.selector(), name, file));
          } else {
            LOGGER.debug("{} = \"{}\": no preset {}", offered.selector(), name, file);
          }
        }
      }
    }
    return presets;
  }

  /**
   * The sources with the presets read right after the image configuration ({@value
   * ConfigSources#IMAGE_CONFIG} and its drop-in directory), so they override the image's defaults and
   * everything read later (user data, node-local drop-ins, {@code --config}) overrides them.
   */
  static List<ConfigSource> withPresets(Path root, List<ConfigSource> sources, List<Preparation.Preset> presets) {
    int at = imageConfigurationIndex(root, sources) + 1;
    List<ConfigSource> result = new ArrayList<>(sources);
    result.addAll(at, presets.stream().<ConfigSource>map(preset -> new ConfigSource.Files(preset.file(), false)).toList());
    return result;
  }

  /** The index of the last source that is the image configuration or its drop-in directory; -1 when none is. */
  private static int imageConfigurationIndex(Path root, List<ConfigSource> sources) {
    Set<Path> image = Set.of(under(root, ConfigSources.IMAGE_CONFIG), under(root, ConfigSources.IMAGE_CONFIG_DIRECTORY));
    int at = -1;
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i) instanceof ConfigSource.Files files && image.contains(files.path())) {
        at = i;
      }
    }
    return at;
  }

  /**
   * Every problem of the tables the plugins declare as whole configurations ({@link
   * dev.eksnode.spi.Plugin#embeddedConfigs()}), each bound by every plugin as a configuration of its
   * own, keyed where the table is ({@code boot.kubelet.configMode}).
   */
  static List<ConfigProblem> embeddedConfigProblems(PluginSet plugins, ConfigNode.Table config, RunRequest request) {
    Set<String> patterns = new TreeSet<>();
    plugins.plugins().forEach(loaded -> patterns.addAll(loaded.plugin().embeddedConfigs()));
    List<ConfigProblem> problems = new ArrayList<>();
    for (String pattern : patterns) {
      embedded(config, List.of(pattern.split("\\.")), "").forEach((key, table) -> {
        List<ConfigProblem> found;
        try {
          found = Kernel.bind(plugins, table, request.policy()).warnings();
        } catch (ConfigException e) {
          found = e.problems();
        }
        for (ConfigProblem problem : found) {
          String at = problem.key().isEmpty() ? key : key + "." + problem.key();
          problems.add(new ConfigProblem(problem.location(), at, problem.message(), problem.suggestion(), problem.severity()));
        }
      });
    }
    return problems;
  }

  /** The tables of {@code table} that match the key path {@code pattern} ({@code *} matching every key), by dotted key. */
  private static Map<String, ConfigNode.Table> embedded(ConfigNode.Table table, List<String> pattern, String prefix) {
    Map<String, ConfigNode.Table> found = new java.util.LinkedHashMap<>();
    String head = pattern.getFirst();
    for (Map.Entry<String, ConfigNode> entry : table.entries().entrySet()) {
      if ((head.equals("*") || head.equals(entry.getKey())) && entry.getValue() instanceof ConfigNode.Table child) {
        String key = prefix + entry.getKey();
        if (pattern.size() == 1) {
          found.put(key, child);
        } else {
          found.putAll(embedded(child, pattern.subList(1, pattern.size()), key + "."));
        }
      }
    }
    return found;
  }

  /**
   * Warnings for pins set outside the image configuration (user data, drop-ins, {@code --config}): the
   * kernel reads pins only from the image, before any plugin is loaded, so such a pin has no effect.
   */
  private static List<ConfigProblem> pinsOutsideImage(Path root, ConfigNode.Table merged) {
    if (!(merged.entries().get(PluginPins.SECTION) instanceof ConfigNode.Table pins)) {
      return List.of();
    }
    Set<String> image = new TreeSet<>();
    ConfigSources.imageFiles(root).forEach(file -> image.add(file.toString()));
    List<ConfigProblem> problems = new ArrayList<>();
    pins.entries().forEach((id, node) -> {
      if (!image.contains(node.location().source())) {
        problems.add(new ConfigProblem(node.location(), PluginPins.SECTION + "." + id,
            "has no effect here: plugin pins are read only from the image configuration ("
                + ConfigSources.IMAGE_CONFIG + ", " + ConfigSources.IMAGE_CONFIG_DIRECTORY + "/*.toml)", "",
            ConfigProblem.Severity.WARNING));
      }
    });
    return problems;
  }

  private static Path under(Path root, String path) {
    return root.resolve(path.substring(1));
  }
}
