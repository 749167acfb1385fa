package dev.eksnode.tck.internal;

import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Plugin;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * The plugin a conformance run checks, and where it came from. Each run gets a fresh instance made
 * through the public no-argument constructor eksnode itself uses, so no state leaks from one run to
 * the next; a plugin without one is reused and reported by the well-formed rule.
 *
 * @param plugin the instance handed to the kit
 * @param source {@code built-in} or the jar it was loaded from
 */
public record PluginUnderTest(Plugin plugin, String source) {

  public String id() {
    return plugin.id();
  }

  /** Why eksnode could not instantiate the plugin class, or empty when it can. */
  public Optional<String> constructorProblem() {
    Class<?> type = plugin.getClass();
    if (!Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass() || type.isLocalClass()
        || (type.isMemberClass() && !Modifier.isStatic(type.getModifiers()))) {
      return Optional.of("plugin class " + type.getName() + " is not a public top-level or static nested class;"
          + " eksnode loads plugins through ServiceLoader, which needs one");
    }
    try {
      Constructor<?> constructor = type.getConstructor();
      return Modifier.isPublic(constructor.getModifiers()) ? Optional.empty()
          : Optional.of("plugin class " + type.getName() + " has no public no-argument constructor");
    } catch (NoSuchMethodException e) {
      return Optional.of("plugin class " + type.getName() + " has no public no-argument constructor;"
          + " eksnode loads plugins through ServiceLoader, which needs one");
    }
  }

  /** A fresh instance, or the given one when the class cannot be instantiated. */
  public Plugin fresh() {
    if (constructorProblem().isPresent()) {
      return plugin;
    }
    try {
      return (Plugin) plugin.getClass().getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new EksnodeException("plugin class " + plugin.getClass().getName() + " failed to construct: " + e.getCause(), e);
    } catch (ReflectiveOperationException e) {
      throw new EksnodeException("cannot instantiate plugin class " + plugin.getClass().getName() + ": " + e, e);
    }
  }
}
