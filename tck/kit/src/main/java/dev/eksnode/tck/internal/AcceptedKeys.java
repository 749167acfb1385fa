package dev.eksnode.tck.internal;

import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a plugin's binder declares it knows: every name it passes to {@link ConfigSection#allowOnly},
 * as a full dotted key. The binder sees a watching section, so nested sections are watched too. Which of
 * those keys a plugin does not publish ({@link #unpublished}) is what {@code eksnode config schema} would
 * reject while the binder accepts it.
 */
final class AcceptedKeys {

  private final Set<String> known = Collections.synchronizedSet(new TreeSet<>());

  /** The keys the binder declared so far, full dotted paths as {@link ConfigSection} writes them. */
  Set<String> known() {
    synchronized (known) {
      return Set.copyOf(known);
    }
  }

  /** {@code plugin}, its binder handed a watching section. */
  Plugin watch(Plugin plugin) {
    return proxy(Plugin.class, plugin, (method, args) -> {
      if (method.getName().equals("bindConfig") && args != null && args[0] instanceof ConfigSection section) {
        Object[] watched = args.clone();
        watched[0] = watch(section);
        return invoke(method, plugin, watched);
      }
      return invoke(method, plugin, args);
    });
  }

  private ConfigSection watch(ConfigSection section) {
    return proxy(ConfigSection.class, section, (method, args) -> {
      if (method.getName().equals("allowOnly") && args != null && args[0] instanceof Set<?> names) {
        String prefix = section.path().isEmpty() ? "" : section.path() + ".";
        names.forEach(name -> known.add(prefix + ConfigSection.literal(String.valueOf(name))));
      }
      Object result = invoke(method, section, args);
      return result instanceof ConfigSection child ? watch(child) : result;
    });
  }

  /**
   * The keys of {@code candidates} that {@code keys} does not publish: neither a documented key, nor a
   * table holding documented keys, nor inside a documented free-form table. {@code plugins.<id>.enabled}
   * belongs to the kernel and is always published.
   */
  static Set<String> unpublished(Set<String> candidates, Plugin plugin, List<ConfigKey> keys) {
    Set<String> unpublished = new TreeSet<>();
    for (String candidate : candidates) {
      List<String> path = ConfigSchema.segments(candidate);
      if (candidate.equals("plugins." + plugin.id() + ".enabled")) {
        continue;
      }
      boolean published = false;
      for (ConfigKey key : keys) {
        List<String> documented = ConfigSchema.segments(key.path());
        boolean freeForm = key.type() == ConfigKey.Type.TABLE || key.type() == ConfigKey.Type.STRING_MAP
            || key.type() == ConfigKey.Type.STRING_MAP_MAP;
        if (startsWith(documented, path) || (freeForm && startsWith(path, documented))) {
          published = true;
          break;
        }
      }
      if (!published) {
        unpublished.add(candidate);
      }
    }
    return unpublished;
  }

  /** What a proxy made by {@link #proxy} does with a call of an interface method. */
  private interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  /** A proxy of {@code type} over {@code target}: {@code Object}'s methods by identity, the rest through {@code handler}. */
  private static <T> T proxy(Class<T> type, T target, Handler handler) {
    InvocationHandler invocation = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> target.toString();
        };
      }
      return handler.handle(method, args);
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, invocation));
  }

  /** Calls {@code method} on {@code target}, throwing what it throws. */
  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }
}
