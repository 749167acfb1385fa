package dev.eksnode.cli.info;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginPins;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code eksnode plugins}: every plugin found, every jar loaded. */
public final class PluginsCommand implements Command {

  static final Option FORMAT = Option.value("--format", "pins",
      "print the [plugin-pins] table for the jars instead of the list, loading none of them");

  @Override
  public List<String> words() {
    return List.of("plugins");
  }

  @Override
  public List<Option> options() {
    return List.of(FORMAT);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode plugins [--format pins]",
        "List the plugins found: id, version, source, enabled, steps per phase.",
        """
        Built-in plugins come from the module path; third-party jars from --plugins-dir
        (default /opt/eksnode/plugins under --root). Exit 3 when a jar is broken, does not match
        its SHA-256 pin in the image configuration's [plugin-pins], or the graph is invalid.
        --format pins prints the [plugin-pins] table for the jars as they are now (keyed by the
        manifest's Plugin-Id, else the file name), loading none of them: append it to
        /etc/eksnode/eksnode.toml when building the image.""",
        "eksnode plugins --format pins >> /etc/eksnode/eksnode.toml");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    if (invocation.has(FORMAT)) {
      invocation.choice(FORMAT, List.of("pins"), "pins");
      return pins(invocation, session);
    }
    PluginSet plugins = Kernel.discover(invocation.pluginsDirectory(), PluginPins.read(invocation.root()));
    if (invocation.json()) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (LoadedPlugin loaded : plugins.plugins()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        Plugin plugin = loaded.plugin();
        entry.put("id", plugin.id());
        entry.put("version", plugin.version());
        entry.put("source", loaded.source());
        entry.put("description", plugin.description());
        entry.put("requiresKernel", plugin.requiresKernel());
        entry.put("enabledByDefault", plugin.enabledByDefault());
        entry.put("bootSteps", stepIds(plugin, Phase.BOOT));
        entry.put("imageSteps", stepIds(plugin, Phase.IMAGE));
        list.add(entry);
      }
      session.printJson(Map.of("kernel", Kernel.VERSION, "plugins", list,
          "problems", plugins.problems().stream().map(GraphProblem::message).toList()));
    } else {
      for (LoadedPlugin loaded : plugins.plugins()) {
        Plugin plugin = loaded.plugin();
        session.out().printf("%s %s (%s)%s%n  %s%n", plugin.id(), plugin.version(), loaded.source(),
            plugin.enabledByDefault() ? ", enabled by default" : "", plugin.description());
        session.out().println("  boot steps:  " + String.join(", ", stepIds(plugin, Phase.BOOT)));
        session.out().println("  image steps: " + String.join(", ", stepIds(plugin, Phase.IMAGE)));
      }
      if (!plugins.problems().isEmpty()) {
        session.printPluginProblems(plugins.problems());
      }
    }
    return plugins.problems().isEmpty() ? ExitCode.OK : ExitCode.PLUGIN_PROBLEM;
  }

  /**
   * {@code plugins --format pins}: the {@code [plugin-pins]} table for the jars in the plugins
   * directory as they are now, keyed as the kernel looks them up. Loads no plugin class, so it also
   * pins jars that do not load.
   */
  private static int pins(Invocation invocation, Session session) {
    Map<String, String> pins = Kernel.pinsOf(invocation.pluginsDirectory());
    if (invocation.json()) {
      session.printJson(pins);
    } else {
      session.out().println("[" + PluginPins.SECTION + "]");
      pins.forEach((key, digest) -> session.out().println(ConfigSection.literal(key) + " = \"sha256:" + digest + "\""));
    }
    return ExitCode.OK;
  }

  private static List<String> stepIds(Plugin plugin, Phase phase) {
    return plugin.steps().stream().filter(s -> s.phase() == phase).map(Step::id).sorted().toList();
  }
}
