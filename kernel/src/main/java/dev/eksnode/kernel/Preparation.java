package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Phase;
import java.nio.file.Path;
import java.util.List;

/** What {@link Kernel#prepare} made of a {@link RunRequest}: a run ready to start, or every reason it cannot. */
@API(status = INTERNAL, since = "0.1.0")
public sealed interface Preparation {

  /**
   * A phase ready for {@link Kernel#run(Ready, RunOptions, RunListener)}.
   *
   * @param phase the phase ordered
   * @param setup the plugins (woken as the configuration needs them) with their configuration bound
   * @param graph the phase's steps in run order
   * @param configuration what was read: the merged tree, every document, the sources as read (the
   *     selected preset among them) and the order of sources for explaining where each value came from
   * @param presets the presets the configuration selected and the root has, in the order they were read
   * @param warnings every problem that does not stop the run, in the order sources were read
   */
  record Ready(
      Phase phase, Setup setup, StepGraph.Ordered graph, ConfigLoader.Loaded configuration, List<Preset> presets,
      List<ConfigProblem> warnings) implements Preparation {
    public Ready {
      presets = List.copyOf(presets);
      warnings = List.copyOf(warnings);
    }

    /** The plugins of the run: every plugin found, enabled or not. */
    public PluginSet plugins() {
      return setup.plugins();
    }
  }

  /**
   * The run cannot start. Plugin problems (a jar that does not load, steps that cannot be ordered: exit
   * code 3) and configuration problems (exit code 2) are kept apart; configuration is judged only when
   * every plugin loaded, and steps are ordered only when the configuration has no error.
   *
   * @param pluginProblems what is wrong with the plugins or the step graph
   * @param configProblems errors and warnings of the configuration, in the order sources were read
   */
  record Refused(List<GraphProblem> pluginProblems, List<ConfigProblem> configProblems) implements Preparation {
    public Refused {
      pluginProblems = List.copyOf(pluginProblems);
      configProblems = List.copyOf(configProblems);
    }

    /** The configuration's errors, without its warnings. */
    public List<ConfigProblem> configErrors() {
      return configProblems.stream().filter(ConfigProblem::isError).toList();
    }
  }

  /**
   * A preset a configuration selected.
   *
   * @param plugin the id of the plugin offering it
   * @param selector the key that selected it, e.g. {@code profile}
   * @param name the value of that key, e.g. {@code batch}
   * @param file the preset's file, under the root
   */
  record Preset(String plugin, String selector, String name, Path file) {}
}
