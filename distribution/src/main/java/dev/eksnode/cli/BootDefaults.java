package dev.eksnode.cli;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks, before an image build runs, that the AMI configuration's {@code [boot]} table and each {@code
 * [profiles.<name>]} preset are valid boot configuration: every installed plugin binds them as a booting
 * node would, and any problem is reported at its place in the AMI configuration ({@code boot.kubelet...}).
 */
final class BootDefaults {

  private BootDefaults() {}

  /**
   * @throws ConfigException with every problem of the boot defaults and of every profile
   */
  static void validate(PluginSet plugins, Table config) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (config.entries().get("boot") instanceof Table boot) {
      check(plugins, "boot", boot, problems);
    }
    if (config.entries().get("profiles") instanceof Table profiles) {
      for (Map.Entry<String, ConfigNode> profile : profiles.entries().entrySet()) {
        if (profile.getValue() instanceof Table table) {
          check(plugins, "profiles." + profile.getKey(), table, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static void check(PluginSet plugins, String prefix, Table table, List<ConfigProblem> problems) {
    try {
      Kernel.bind(plugins, table);
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        String key = problem.key().isEmpty() ? prefix : prefix + "." + problem.key();
        problems.add(new ConfigProblem(problem.location(), key, problem.message(), problem.suggestion()));
      }
    }
  }
}
