package dev.eksnode.kernel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar at test time: Java sources compiled against the classes of the running
 * test (the SPI among them) and packed with a {@code META-INF/services/dev.eksnode.spi.Plugin} entry,
 * so tests exercise the real loader rather than a mock of it.
 *
 * <p>{@link #plugin(String)} generates a whole plugin from a few step declarations; {@link
 * #named(String)} assembles a jar from hand-written sources, and can leave out or falsify the service
 * entry to make a broken jar.
 */
public final class PluginJar {

  /** The service file the kernel reads. */
  public static final String SERVICE_ENTRY = "META-INF/services/dev.eksnode.spi.Plugin";

  private static final FileTime EPOCH = FileTime.fromMillis(0);

  private final String fileName;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> services = new ArrayList<>();
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();

  private PluginJar(String fileName) {
    this.fileName = fileName;
  }

  /** An empty jar called {@code fileName}; add sources, services and entries. */
  public static PluginJar named(String fileName) {
    return new PluginJar(fileName);
  }

  /** A jar holding one generated plugin with id {@code id}; declare its steps on the result. */
  public static GeneratedPlugin plugin(String id) {
    return new GeneratedPlugin(id);
  }

  /** Adds a Java source file; {@code className} is fully qualified. */
  public PluginJar source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** Names a class in {@code META-INF/services/dev.eksnode.spi.Plugin}; it need not exist. */
  public PluginJar service(String className) {
    services.add(className);
    return this;
  }

  /** Adds a main attribute to the manifest, e.g. {@code Plugin-Id}. */
  public PluginJar manifest(String name, String value) {
    attributes.put(name, value);
    return this;
  }

  /** Adds a file to the jar as it is. */
  public PluginJar entry(String name, String text) {
    entries.put(name, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Compiles the sources and writes the jar into {@code directory}.
   *
   * @return the jar's path
   * @throws AssertionError with the compiler's messages when a source does not compile
   */
  public Path buildIn(Path directory) {
    try {
      Path work = Files.createTempDirectory("eksnode-plugin-jar-");
      try {
        Path classes = compile(work);
        Path jar = directory.resolve(fileName);
        Files.createDirectories(directory);
        write(jar, classes);
        return jar;
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build " + fileName, e);
    }
  }

  private Path compile(Path work) throws IOException {
    Path sourceRoot = work.resolve("src");
    Path classes = Files.createDirectories(work.resolve("classes"));
    if (sources.isEmpty()) {
      return classes;
    }
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-d", classes.toString(),
                "--release", "25",
                "-proc:none",
                "-classpath", System.getProperty("java.class.path")));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new AssertionError("no Java compiler: tests must run on a JDK");
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    int code = compiler.run(null, messages, messages, arguments.toArray(String[]::new));
    if (code != 0) {
      throw new AssertionError(
          "plugin sources of " + fileName + " do not compile:\n" + messages.toString(StandardCharsets.UTF_8));
    }
    return classes;
  }

  private void write(Path jar, Path classes) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.forEach((name, value) -> manifest.getMainAttributes().put(new Attributes.Name(name), value));
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> compiled = Files.walk(classes)) {
      for (Path path : compiled.filter(Files::isRegularFile).sorted().toList()) {
        put(out, classes.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
      }
      if (!services.isEmpty()) {
        put(out, SERVICE_ENTRY, (String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        put(out, entry.getKey(), entry.getValue());
      }
    }
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setLastModifiedTime(EPOCH);
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * A plugin generated from declarations, written as {@code <id>.jar} unless named otherwise: class {@code generated.<id>.GeneratedPlugin} with one class
   * per step. Every step is a boot step; a step with a file writes its own id and a newline there
   * (mode 0644), any other step does nothing.
   */
  public static final class GeneratedPlugin {
    private final String id;
    private String version = "1.0.0";
    private boolean enabledByDefault;
    private boolean described;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<String> steps = new ArrayList<>();

    private GeneratedPlugin(String id) {
      this.id = id;
    }

    public GeneratedPlugin version(String version) {
      this.version = version;
      return this;
    }

    /** Runs without {@code plugins.<id>.enabled = true}. */
    public GeneratedPlugin enabledByDefault() {
      this.enabledByDefault = true;
      return this;
    }

    /**
     * Declares the plugin in the jar's manifest as well ({@code Plugin-Id}, {@code Plugin-Version},
     * {@code Eksnode-Enabled-By-Default}), so the kernel can leave the jar unloaded while it is off.
     */
    public GeneratedPlugin describedInManifest() {
      this.described = true;
      return this;
    }

    /** Adds (or, after {@link #describedInManifest}, overrides) a manifest main attribute. */
    public GeneratedPlugin manifest(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    /**
     * The system property the generated plugin class sets when it is initialised: set means the
     * kernel loaded the jar's classes.
     */
    public static String loadedProperty(String id) {
      return "eksnode.test.loaded." + id;
    }

    /** A boot step that does nothing and requires {@code requires}. */
    public GeneratedPlugin step(String stepId, Set<String> requires) {
      return step(stepId, requires, null);
    }

    /** A boot step that writes {@code <stepId>\n} to {@code file} (null: writes nothing). */
    public GeneratedPlugin step(String stepId, Set<String> requires, String file) {
      int index = steps.size();
      steps.add(
          """
          final class Step%d implements Step {
            @Override public String id() { return %s; }
            @Override public Phase phase() { return Phase.BOOT; }
            @Override public Set<String> requires() { return Set.of(%s); }
            @Override public Outcome apply(StepContext context) {
              %s
              return Outcome.done();
            }
          }
          """
              .formatted(
                  index,
                  literal(stepId),
                  requires.stream().sorted().map(PluginJar::literal).collect(Collectors.joining(", ")),
                  file == null
                      ? ""
                      : "context.host().writeString(" + literal(file) + ", " + literal(stepId + "\n")
                          + ", 0644);"));
      return this;
    }

    /** The fully qualified name of the generated plugin class. */
    public String className() {
      return packageName() + ".GeneratedPlugin";
    }

    private String packageName() {
      return "generated." + id.replace('-', '_');
    }

    /** Writes {@code <id>.jar} into {@code directory}. */
    public Path buildIn(Path directory) {
      return buildIn(directory, id + ".jar");
    }

    /** Writes the jar into {@code directory} as {@code fileName}. */
    public Path buildIn(Path directory, String fileName) {
      StringBuilder code = new StringBuilder();
      code.append("package ").append(packageName()).append(";\n\n")
          .append("import dev.eksnode.spi.*;\nimport java.util.List;\nimport java.util.Set;\n\n")
          .append("public final class GeneratedPlugin implements Plugin {\n")
          .append("  static { System.setProperty(").append(literal(loadedProperty(id))).append(", \"true\"); }\n")
          .append("  @Override public String id() { return ").append(literal(id)).append("; }\n")
          .append("  @Override public String version() { return ").append(literal(version)).append("; }\n")
          .append("  @Override public String description() { return \"Generated by a test.\"; }\n")
          .append("  @Override public boolean enabledByDefault() { return ").append(enabledByDefault).append("; }\n")
          .append("  @Override public List<Step> steps() { return List.of(");
      for (int i = 0; i < steps.size(); i++) {
        code.append(i == 0 ? "" : ", ").append("new Step").append(i).append("()");
      }
      code.append("); }\n}\n\n");
      steps.forEach(code::append);
      PluginJar jar = PluginJar.named(fileName).source(className(), code.toString()).service(className());
      if (described) {
        jar.manifest("Plugin-Id", id).manifest("Plugin-Version", version)
            .manifest("Eksnode-Enabled-By-Default", String.valueOf(enabledByDefault));
      }
      attributes.forEach(jar::manifest);
      return jar.buildIn(directory);
    }
  }

  private static String literal(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
