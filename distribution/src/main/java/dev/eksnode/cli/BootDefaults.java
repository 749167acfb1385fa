package dev.eksnode.cli;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.config.ConfigPolicy;
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
   * Every problem of the boot defaults and of every profile, errors and warnings, keyed where they are in
   * the AMI configuration; empty when the configuration has neither {@code [boot]} nor {@code [profiles]}.
   */
  static List<ConfigProblem> problems(PluginSet plugins, Table config, ConfigPolicy policy) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (config.entries().get("boot") instanceof Table boot) {
      check(plugins, policy, "boot", boot, problems);
    }
    if (config.entries().get("profiles") instanceof Table profiles) {
      for (Map.Entry<String, ConfigNode> profile : profiles.entries().entrySet()) {
        if (profile.getValue() instanceof Table table) {
          check(plugins, policy, "profiles." + profile.getKey(), table, problems);
        }
      }
    }
    return problems;
  }

  private static void check(PluginSet plugins, ConfigPolicy policy, String prefix, Table table, List<ConfigProblem> problems) {
    List<ConfigProblem> found;
    try {
      Setup setup = Kernel.bind(plugins, table, policy);
      found = setup.warnings();
    } catch (ConfigException e) {
      found = e.problems();
    }
    for (ConfigProblem problem : found) {
      String key = problem.key().isEmpty() ? prefix : prefix + "." + problem.key();
      problems.add(new ConfigProblem(problem.location(), key, problem.message(), problem.suggestion(), problem.severity()));
    }
  }
}
