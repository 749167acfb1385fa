package dev.eksnode.kernel.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.MethodRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds the calls in a plugin jar's class files that would end the eksnode process: {@code
 * System.exit}, {@code Runtime.exit} and {@code Runtime.halt}, called directly or taken as a method
 * handle ({@code System::exit}). Read with the JDK's class-file API before any class of the jar is
 * loaded, so a jar that would end a boot with the wrong exit code and no report is refused instead.
 *
 * <p>What it does not see: a call made through reflection, or from code the plugin fetches or
 * generates at run time. An exit by reflection still runs the shutdown hook of the CLI, which turns it
 * into a failed run; a halt by reflection is not caught (see docs/security.md).
 */
public final class ExitCalls {

  /** The most entries a plugin jar may hold. */
  public static final int MAX_ENTRIES = 65_536;

  /** The largest class file read: 16 MiB, far above any real one, far below a decompression bomb. */
  public static final int MAX_CLASS_BYTES = 16 * 1024 * 1024;

  private ExitCalls() {}

  /** Why the jar is refused, naming the class and the call; empty when it makes none of those calls. */
  public static Optional<String> find(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.size() > MAX_ENTRIES) {
        return Optional.of("holds " + file.size() + " entries, more than the " + MAX_ENTRIES + " eksnode reads from a plugin jar");
      }
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream(entry)) {
          bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
        }
        if (bytes.length > MAX_CLASS_BYTES) {
          return Optional.of("its class file " + entry.getName() + " is larger than " + MAX_CLASS_BYTES
              + " bytes, more than any class file the JVM accepts from a plugin (a zip bomb?)");
        }
        Optional<String> call = exitCall(bytes);
        if (call.isPresent()) {
          return Optional.of("its class " + className(entry.getName()) + " calls " + call.get()
              + ": a plugin may not end the eksnode process (throw an exception or return Outcome.Failed instead)");
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("its class files cannot be read: " + e.getMessage());
    }
  }

  /** {@code System.exit} and the like among a class file's method references. */
  public static Optional<String> exitCall(byte[] classFile) {
    ClassModel model = ClassFile.of().parse(classFile);
    for (PoolEntry entry : model.constantPool()) {
      if (entry instanceof MethodRefEntry method) {
        String owner = method.owner().asInternalName();
        String name = method.name().stringValue();
        if ((owner.equals("java/lang/System") && name.equals("exit"))
            || (owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt")))) {
          return Optional.of(owner.substring("java/lang/".length()) + "." + name);
        }
      }
    }
    return Optional.empty();
  }

  private static String className(String entry) {
    String name = entry.substring(0, entry.length() - ".class".length());
    if (name.startsWith("META-INF/versions/")) {
      name = name.replaceFirst("^META-INF/versions/\\d+/", "");
    }
    return name.replace('/', '.');
  }
}
