package dev.eksnode.kernel.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which plugin code each thread is running: a jar being loaded, a step being applied. What the CLI's
 * shutdown hook asks (through {@link Kernel#endedByPlugin}) when something ends the process unasked,
 * to name the plugin that did. Thread-safe.
 *
 * @param what for messages, e.g. {@code plugin 'acme', step acme/agent}
 * @param step the step being applied, if it is one
 */
public record PluginActivity(String what, Optional<String> step) {

  private static final Map<Thread, PluginActivity> RUNNING = new ConcurrentHashMap<>();

  /** The current thread starts loading a plugin jar. */
  public static void loading(String jar) {
    RUNNING.put(Thread.currentThread(), new PluginActivity("plugin jar " + jar + ", while it was loading", Optional.empty()));
  }

  /** The current thread calls into a plugin, e.g. to bind its configuration. */
  public static void calling(String plugin, String doing) {
    RUNNING.put(Thread.currentThread(), new PluginActivity("plugin '" + plugin + "', " + doing, Optional.empty()));
  }

  /** The current thread starts applying a step. */
  public static void applying(String plugin, String step) {
    RUNNING.put(Thread.currentThread(), new PluginActivity("plugin '" + plugin + "', step " + step, Optional.of(step)));
  }

  /** The current thread is done with plugin code. */
  public static void end() {
    RUNNING.remove(Thread.currentThread());
  }

  /** The threads running plugin code now, virtual threads of steps included. */
  public static java.util.List<Thread> threads() {
    return java.util.List.copyOf(RUNNING.keySet());
  }

  /** What plugin code {@code thread} is running, if any. */
  public static Optional<PluginActivity> of(Thread thread) {
    return Optional.ofNullable(RUNNING.get(thread));
  }
}
