package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.List;

/**
 * Something that stops a run before any step starts: a plugin that cannot be loaded, a step graph
 * that cannot be ordered, or data flow that does not add up (a fact nobody publishes, a document
 * nobody renders, two publishers or renderers of one). Each names every step involved. The kernel
 * reports all of them at once. Exit code 3.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
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

  /**
   * Steps that depend on each other in a circle, in order, the first repeated at the end. {@code
   * dataFlow} explains each link that comes from declared data flow rather than {@code requires},
   * {@code after} or {@code before}, e.g. {@code p/b reads fact 'f', which p/a publishes}.
   */
  record Cycle(List<String> members, List<String> dataFlow) implements GraphProblem {
    public Cycle {
      members = List.copyOf(members);
      dataFlow = List.copyOf(dataFlow);
    }

    /** A cycle of declared order alone. */
    public Cycle(List<String> members) {
      this(members, List.of());
    }

    @Override
    public String message() {
      return "dependency cycle: " + String.join(" -> ", members)
          + (dataFlow.isEmpty() ? "" : " (" + String.join("; ", dataFlow) + ")");
    }
  }

  /** A step reads a fact that no step of the phase publishes; {@code reason} says why none does. */
  record MissingPublisher(String stepId, String fact, String reason) implements GraphProblem {
    @Override
    public String message() {
      return "step '" + stepId + "' reads fact '" + fact + "', which no step of this phase publishes: " + reason;
    }
  }

  /** Two steps publish the same fact. */
  record DuplicatePublisher(String fact, String firstStep, String secondStep) implements GraphProblem {
    @Override
    public String message() {
      return "fact '" + fact + "' is published by step '" + firstStep + "' and step '" + secondStep
          + "'; a fact has one publisher";
    }
  }

  /** A step reads a fact as another type than its publisher publishes it. */
  record FactTypeMismatch(String fact, String publisher, String publishedType, String reader, String readType)
      implements GraphProblem {
    @Override
    public String message() {
      return "step '" + reader + "' reads fact '" + fact + "' as " + readType + ", but step '" + publisher
          + "' publishes it as " + publishedType;
    }
  }

  /** A step contributes to a document that no step of the phase renders; {@code reason} says why none does. */
  record MissingRenderer(String stepId, String document, String reason) implements GraphProblem {
    @Override
    public String message() {
      return "step '" + stepId + "' contributes to document '" + document + "', which no step of this phase renders: "
          + reason;
    }
  }

  /** Two steps render the same document. */
  record DuplicateRenderer(String document, String firstStep, String secondStep) implements GraphProblem {
    @Override
    public String message() {
      return "document '" + document + "' is rendered by step '" + firstStep + "' and step '" + secondStep
          + "'; a document has one renderer";
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
