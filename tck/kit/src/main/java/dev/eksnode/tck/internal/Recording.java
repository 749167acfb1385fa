package dev.eksnode.tck.internal;

import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Watches what steps do with facts during one run: plugins are wrapped so that each step's context
 * records the facts it reads and publishes. The wrappers are dynamic proxies so that every SPI method,
 * including ones added later with a default, reaches the real plugin unchanged.
 */
public final class Recording {

  /** A step read (or required) a fact. */
  public record FactRead(Phase phase, String stepId, String fact) {}

  /** A step published a fact. */
  public record FactPublished(Phase phase, String stepId, String fact) {}

  private final List<FactRead> reads = Collections.synchronizedList(new ArrayList<>());
  private final List<FactPublished> published = Collections.synchronizedList(new ArrayList<>());

  public List<FactRead> reads() {
    synchronized (reads) {
      return List.copyOf(reads);
    }
  }

  public List<FactPublished> published() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  /** The plugin with each step's context watched. */
  public Plugin wrap(Plugin plugin) {
    var steps = new Object() {
      List<Step> wrapped;

      synchronized List<Step> get() {
        if (wrapped == null) {
          wrapped = plugin.steps().stream().map(Recording.this::wrap).toList();
        }
        return wrapped;
      }
    };
    return proxy(Plugin.class, plugin, (method, args) ->
        method.getName().equals("steps") && method.getParameterCount() == 0 ? steps.get() : invoke(method, plugin, args));
  }

  private Step wrap(Step step) {
    return proxy(Step.class, step, (method, args) ->
        method.getName().equals("apply") && method.getParameterCount() == 1
            ? invoke(method, step, new Object[] {watch((StepContext) args[0])})
            : invoke(method, step, args));
  }

  private StepContext watch(StepContext context) {
    return proxy(StepContext.class, context, (method, args) -> {
      String name = method.getName();
      if ((name.equals("fact") || name.equals("requireFact")) && args != null && args[0] instanceof FactKey<?> key) {
        reads.add(new FactRead(context.phase(), context.stepId(), key.name()));
      } else if (name.equals("publish") && args != null && args[0] instanceof FactKey<?> key) {
        published.add(new FactPublished(context.phase(), context.stepId(), key.name()));
      }
      return invoke(method, context, args);
    });
  }

  /** What a proxy made by {@link #proxy} does with a call of an interface method. */
  interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  /** A proxy of {@code type} over {@code target}: {@code Object}'s methods by identity, the rest through {@code handler}. */
  static <T> T proxy(Class<T> type, T target, Handler handler) {
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
  static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
