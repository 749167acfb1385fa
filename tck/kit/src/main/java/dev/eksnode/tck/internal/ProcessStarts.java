package dev.eksnode.tck.internal;

import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the classes of a plugin and of its steps that start processes themselves, bypassing the
 * {@code Host}: their class files name {@code java/lang/ProcessBuilder}, or {@code java/lang/Runtime}
 * with {@code exec}. A process started that way runs on the machine running the tests, ignores the
 * root and dry runs, and is missing from the run report. Read are the plugin's class, each step's class,
 * their superclasses and enclosing classes, as class files (a helper class they call is not read).
 */
final class ProcessStarts {

  private static final byte[] PROCESS_BUILDER = "java/lang/ProcessBuilder".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RUNTIME = "java/lang/Runtime".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EXEC = "exec".getBytes(StandardCharsets.US_ASCII);

  private ProcessStarts() {}

  /** One problem per class that starts a process, naming it. */
  static List<String> find(Plugin plugin) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    add(plugin.getClass(), classes);
    for (Step step : plugin.steps()) {
      add(step.getClass(), classes);
    }
    List<String> problems = new ArrayList<>();
    for (Class<?> type : classes) {
      byte[] bytes = classFile(type);
      if (indexOf(bytes, PROCESS_BUILDER) >= 0 || (indexOf(bytes, RUNTIME) >= 0 && indexOf(bytes, EXEC) >= 0)) {
        problems.add("class " + type.getName() + " starts processes itself (ProcessBuilder or Runtime.exec), bypassing the"
            + " Host: use host.run or host.probe, which the root, dry runs and the run report see");
      }
    }
    return problems;
  }

  private static void add(Class<?> type, Set<Class<?>> classes) {
    for (Class<?> c = type; c != null && c != Object.class && !c.getName().startsWith("java."); c = c.getSuperclass()) {
      if (classes.add(c) && c.getEnclosingClass() != null) {
        add(c.getEnclosingClass(), classes);
      }
    }
  }

  private static byte[] classFile(Class<?> type) {
    String name = type.getName();
    String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Where {@code needle} first occurs in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
