package dev.eksnode.kernel;

import java.util.List;

/**
 * Something that stops a run before any step starts: a plugin that cannot be loaded or a step graph
 * that cannot be ordered. The kernel reports all of them at once. Exit code 3.
 */
public sealed interface GraphProblem {

  /** One line for the user, naming every id and path involved. */
  String message();

  /** Two plugins (or one plugin twice) declare the same step id. */
  record DuplicateStep(String stepId, String firstPlugin, String secondPlugin) implements GraphProblem {
    @Override
    public String message() {
      return "duplicate step id '" + stepId + "': declared by plugin '" + firstPlugin
          + "' and plugin '" + secondPlugin + "'";
    }
  }

  /** A step requires a step that is not in the run; {@code reason} says why it is not. */
  record MissingDependency(String stepId, String dependency, String reason) implements GraphProblem {
    @Override
    public String message() {
      return "step '" + stepId + "' requires '" + dependency + "', which is not available: " + reason;
    }
  }

  /** Steps that depend on each other in a circle, in order, the first repeated at the end. */
  record Cycle(List<String> members) implements GraphProblem {
    public Cycle {
      members = List.copyOf(members);
    }

    @Override
    public String message() {
      return "dependency cycle: " + String.join(" -> ", members);
    }
  }

  /** A plugin needs a kernel version this one is not. */
  record KernelTooOld(String pluginId, String pluginVersion, String required, String kernelVersion)
      implements GraphProblem {
    @Override
    public String message() {
      return "plugin '" + pluginId + "' " + pluginVersion + " requires kernel " + required
          + ", this kernel is " + kernelVersion;
    }
  }

  /** A plugin jar could not be loaded. */
  record BrokenJar(String path, String cause) implements GraphProblem {
    @Override
    public String message() {
      return "plugin jar " + path + " failed to load: " + cause;
    }
  }

  /** Two sources provide a plugin with the same id. */
  record DuplicatePlugin(String pluginId, String firstSource, String secondSource) implements GraphProblem {
    @Override
    public String message() {
      return "plugin id '" + pluginId + "' is provided twice: by " + firstSource + " and by " + secondSource;
    }
  }

  /**
   * Two plugins claim what only one may own, such as a configuration section or a configuration source
   * scheme; {@code what} names it.
   */
  record ClaimedTwice(String what, String firstPlugin, String secondPlugin) implements GraphProblem {
    @Override
    public String message() {
      return what + " is claimed by plugin '" + firstPlugin + "' and plugin '" + secondPlugin + "'";
    }
  }

  /** A plugin or step id does not follow the naming rules. */
  record BadId(String id, String source, String rule) implements GraphProblem {
    @Override
    public String message() {
      return "bad id '" + id + "' in " + source + ": " + rule;
    }
  }
}
