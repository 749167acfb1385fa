package dev.eksnode.kernel.internal;

import dev.eksnode.kernel.config.Failures;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a third-party plugin's declarations once, as it is loaded: its id, version, steps and their
 * ids, phases and dependencies, configuration sections, keys, formats, sources and commands. A
 * declaration that throws, or answers null where a value or a list is due, makes the jar a plugin
 * problem (exit code 3) there and then, instead of a crash wherever the kernel or the CLI first asks.
 */
public final class PluginDeclarations {

  private PluginDeclarations() {}

  /** What is wrong with the plugin's declarations, if anything, in one line naming the declaration. */
  public static Optional<String> problem(Plugin plugin) {
    String id = "its plugin";
    try {
      id = "plugin '" + required(plugin::id, "id()") + "'";
      required(plugin::version, "version()");
      required(plugin::description, "description()");
      required(plugin::requiresKernel, "requiresKernel()");
      plugin.enabledByDefault();
      List<Step> steps = list(plugin::steps, "steps()");
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        String stepId = required(step::id, "steps()[" + i + "].id()");
        required(step::phase, "step " + stepId + " phase()");
        list(step::requires, "step " + stepId + " requires()");
        list(step::after, "step " + stepId + " after()");
        list(step::before, "step " + stepId + " before()");
      }
      list(plugin::configSections, "configSections()");
      list(plugin::configKeys, "configKeys()");
      list(plugin::configFormats, "configFormats()");
      list(plugin::configSources, "configSources()");
      list(plugin::appendKeys, "appendKeys()");
      list(plugin::commands, "commands()");
      list(plugin::ownedPaths, "ownedPaths()");
      return Optional.empty();
    } catch (Broken e) {
      return Optional.of(id + " is broken: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      return Optional.of(id + " failed while declaring itself: " + Failures.describe(e));
    }
  }

  /** A declaration that answered null. */
  private static final class Broken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Broken(String message) {
      super(message, null, false, false);
    }
  }

  private static <T> T required(Supplier<T> declaration, String name) {
    T value = declaration.get();
    if (value == null) {
      throw new Broken(name + " returned null");
    }
    return value;
  }

  private static <E, C extends Collection<E>> List<E> list(Supplier<C> declaration, String name) {
    C values = required(declaration, name);
    for (E value : values) {
      if (value == null) {
        throw new Broken(name + " holds a null entry");
      }
    }
    return List.copyOf(values);
  }
}
