package dev.eksnode.kernel.internal;

import dev.eksnode.kernel.config.Failures;
import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginPins;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads third-party plugin jars with PF4J: one class loader per jar, then the jar's {@code
 * META-INF/services/dev.eksnode.spi.Plugin} names the plugin class. That service entry is the only
 * descriptor a plugin needs, so the same jar also works as a built-in on the module path. A manifest
 * that also names the plugin id and its default ({@link JarDescriptor}) lets the kernel leave the jar
 * unloaded while its plugin is not enabled.
 */
public final class Pf4jJars {

  private static final Logger LOGGER = LoggerFactory.getLogger(Pf4jJars.class);

  /** Seconds loading one plugin jar (class initialization, construction, declarations) may take. */
  static final String LOAD_DEADLINE_VARIABLE = "EKSNODE_PLUGIN_LOAD_DEADLINE_SECONDS";

  static final long DEFAULT_LOAD_DEADLINE_SECONDS = 30;

  private static final String NOT_REGULAR =
      "is not a regular file (a directory, FIFO, socket or device): a plugin jar must be a regular file";

  /** Loaded plugins and the problems met; jars are read in file-name order. */
  public record Result(List<LoadedPlugin> plugins, List<GraphProblem> problems) {}

  private Pf4jJars() {}

  /** {@link #load(Path, PluginPins, boolean)} without pins, every jar loaded. */
  static Result load(Path directory) {
    return load(directory, PluginPins.NONE, false);
  }

  /**
   * Checks and loads the jars of {@code directory}, in file-name order.
   *
   * @param pins checked against each jar's digest before any of its classes is loaded
   * @param leaveDormant leave a jar whose manifest names its plugin id and default ({@link
   *     JarDescriptor#complete()}) unloaded, as a {@link DormantPlugin}, for {@link #wake} to load
   *     once the configuration says it is enabled
   */
  public static Result load(Path directory, PluginPins pins, boolean leaveDormant) {
    return load(directory, pins, leaveDormant, loadDeadline());
  }

  /** {@link #load(Path, PluginPins, boolean)} with the deadline for loading each jar given. */
  public static Result load(Path directory, PluginPins pins, boolean leaveDormant, Duration deadline) {
    List<LoadedPlugin> plugins = new ArrayList<>();
    List<GraphProblem> problems = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      LOGGER.debug("plugins directory {} does not exist", directory);
      return new Result(plugins, problems);
    }
    Optional<String> unsafeDirectory = unsafe(directory);
    if (unsafeDirectory.isPresent()) {
      problems.add(new GraphProblem.BrokenJar(directory.toString(), unsafeDirectory.get()));
      return new Result(plugins, problems);
    }
    List<Path> jars;
    try (Stream<Path> entries = Files.list(directory)) {
      jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      problems.add(new GraphProblem.BrokenJar(directory.toString(), "cannot list directory: " + e));
      return new Result(plugins, problems);
    }
    JarPluginManager manager = null;
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), NOT_REGULAR));
        continue;
      }
      Optional<String> unsafeJar = unsafe(jar);
      if (unsafeJar.isPresent()) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), unsafeJar.get()));
        continue;
      }
      // A file that is no zip at all would otherwise load as an empty class path and be reported as
      // lacking a service entry; say what is really wrong with it.
      JarDescriptor descriptor;
      try (JarFile readable = new JarFile(jar.toFile())) {
        LOGGER.debug("checking {} ({} entries)", jar, readable.size());
        descriptor = JarDescriptor.of(manifest(readable));
      } catch (IOException e) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), "not a readable jar: " + e.getMessage()));
        continue;
      }
      Optional<String> refusal = pins.refusal(jar, pinKey(jar, descriptor));
      if (refusal.isPresent()) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), refusal.get()));
        continue;
      }
      if (leaveDormant && descriptor.complete()) {
        plugins.add(new LoadedPlugin(new DormantPlugin(descriptor, jar, pins), jar.toString()));
        continue;
      }
      if (manager == null) {
        manager = new ServiceDescribedJarManager(directory);
      }
      loadClasses(manager, jar, descriptor, plugins, problems, deadline);
    }
    return new Result(plugins, problems);
  }

  /**
   * Loads the classes of dormant plugins, checking each jar against its pin again: it may have
   * changed since discovery.
   */
  public static Result wake(List<DormantPlugin> dormant) {
    List<LoadedPlugin> plugins = new ArrayList<>();
    List<GraphProblem> problems = new ArrayList<>();
    for (DormantPlugin plugin : dormant) {
      Path jar = plugin.jar();
      Optional<String> refusal = plugin.pins().refusal(jar, pinKey(jar, plugin.descriptor()));
      if (refusal.isPresent()) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), refusal.get()));
        continue;
      }
      loadClasses(new ServiceDescribedJarManager(jar.getParent()), jar, plugin.descriptor(), plugins, problems, loadDeadline());
    }
    return new Result(plugins, problems);
  }

  /**
   * The pin of every jar in {@code directory} as it is now, by the key the kernel looks it up by (the
   * manifest's plugin id, else the file name without .jar), in key order. Loads no class.
   *
   * @throws EksnodeException naming the directory or jar that cannot be read, or two jars with one key
   */
  public static Map<String, String> pins(Path directory) {
    Map<String, String> pins = new TreeMap<>();
    Map<String, Path> jarOf = new TreeMap<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path jar : entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        if (!Files.isRegularFile(jar)) {
          throw new EksnodeException("plugin jar " + jar + " " + NOT_REGULAR);
        }
        String key;
        try (JarFile readable = new JarFile(jar.toFile())) {
          key = pinKey(jar, JarDescriptor.of(manifest(readable)));
        }
        Path other = jarOf.putIfAbsent(key, jar);
        if (other != null) {
          throw new EksnodeException("plugin jars " + other + " and " + jar + " both have the pin key '" + key + "'");
        }
        pins.put(key, PluginPins.sha256(jar));
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot read the plugins directory " + directory + ": " + e.getMessage(), e);
    }
    return pins;
  }

  /** The largest manifest read: 1 MiB (a plugin's manifest is a few lines). */
  static final int MAX_MANIFEST_BYTES = 1024 * 1024;

  /** A jar's manifest, read only when it is no larger than {@value #MAX_MANIFEST_BYTES} bytes once inflated. */
  static java.util.jar.Manifest manifest(JarFile jar) throws IOException {
    java.util.jar.JarEntry entry = jar.getJarEntry(JarFile.MANIFEST_NAME);
    if (entry != null) {
      try (java.io.InputStream in = jar.getInputStream(entry)) {
        if (in.readNBytes(MAX_MANIFEST_BYTES + 1).length > MAX_MANIFEST_BYTES) {
          throw new IOException("its manifest inflates to more than " + MAX_MANIFEST_BYTES + " bytes");
        }
      }
    }
    return jar.getManifest();
  }

  /** What a jar's pin is looked up by: the plugin id its manifest declares, else its file name without .jar. */
  static String pinKey(Path jar, JarDescriptor descriptor) {
    String name = jar.getFileName().toString();
    return descriptor.id().orElse(name.substring(0, name.length() - ".jar".length()));
  }

  /**
   * Loads a jar's plugin classes: first its class files are checked for calls that would end the
   * process ({@link ExitCalls}), then the classes are loaded, initialized and constructed, and the
   * plugins' declarations read once, on a thread of their own with a deadline, so a static initializer
   * or constructor that never returns is reported instead of hanging the boot.
   */
  private static void loadClasses(
      JarPluginManager manager, Path jar, JarDescriptor descriptor, List<LoadedPlugin> plugins, List<GraphProblem> problems,
      Duration deadline) {
    Optional<String> exits = ExitCalls.find(jar);
    if (exits.isPresent()) {
      problems.add(new GraphProblem.BrokenJar(jar.toString(), exits.get()));
      return;
    }
    List<LoadedPlugin> loaded = new ArrayList<>();
    List<GraphProblem> found = new ArrayList<>();
    Thread loader = Thread.ofPlatform().daemon().name("plugin-load " + jar.getFileName()).unstarted(() -> {
      PluginActivity.loading(jar.toString());
      try {
        loadAndCheck(manager, jar, descriptor, loaded, found);
      } catch (RuntimeException | Error e) {
        LOGGER.debug("loading {} failed", jar, e);
        found.add(new GraphProblem.BrokenJar(jar.toString(), Failures.describe(e)));
      } finally {
        PluginActivity.end();
      }
    });
    loader.start();
    try {
      if (!loader.join(deadline)) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), "did not finish loading within " + deadline.toSeconds() + " s ("
            + LOAD_DEADLINE_VARIABLE + "): its static initialization or its plugin's constructor or declarations do not return"));
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add(new GraphProblem.BrokenJar(jar.toString(), "interrupted while it was loading"));
      return;
    }
    plugins.addAll(loaded);
    problems.addAll(found);
  }

  private static void loadAndCheck(
      JarPluginManager manager, Path jar, JarDescriptor descriptor, List<LoadedPlugin> plugins, List<GraphProblem> problems) {
    String pluginId = manager.loadPlugin(jar);
    PluginWrapper wrapper = manager.getPlugin(pluginId);
    ClassLoader loader = wrapper.getPluginClassLoader();
    List<Plugin> found = new ArrayList<>();
    for (ServiceLoader.Provider<Plugin> provider : ServiceLoader.load(Plugin.class, loader).stream().toList()) {
      if (provider.type().getClassLoader() == loader) {
        found.add(provider.get());
      }
    }
    if (found.isEmpty()) {
      problems.add(
          new GraphProblem.BrokenJar(
              jar.toString(), "no META-INF/services/dev.eksnode.spi.Plugin entry names a plugin class"));
    }
    for (Plugin plugin : found) {
      Optional<String> broken = PluginDeclarations.problem(plugin).or(() -> mismatch(descriptor, plugin));
      if (broken.isPresent()) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), broken.get()));
      } else {
        plugins.add(new LoadedPlugin(plugin, jar.toString()));
      }
    }
  }

  /** How long loading one jar may take: {@value #LOAD_DEADLINE_VARIABLE} seconds, default {@value #DEFAULT_LOAD_DEADLINE_SECONDS}. */
  static Duration loadDeadline() {
    String text = System.getenv(LOAD_DEADLINE_VARIABLE);
    if (text != null && text.strip().matches("[1-9][0-9]{0,4}")) {
      return Duration.ofSeconds(Long.parseLong(text.strip()));
    }
    return Duration.ofSeconds(DEFAULT_LOAD_DEADLINE_SECONDS);
  }

  /** How the manifest contradicts the plugin class, if it does: the kernel decides on the manifest alone. */
  private static Optional<String> mismatch(JarDescriptor descriptor, Plugin plugin) {
    if (descriptor.id().isPresent() && !descriptor.id().get().equals(plugin.id())) {
      return Optional.of("its manifest says " + JarDescriptor.ID + ": " + descriptor.id().get()
          + " but its plugin class says id '" + plugin.id() + "'");
    }
    if (descriptor.enabledByDefault().isPresent() && descriptor.enabledByDefault().get() != plugin.enabledByDefault()) {
      return Optional.of("its manifest says " + JarDescriptor.ENABLED_BY_DEFAULT + ": " + descriptor.enabledByDefault().get()
          + " but plugin '" + plugin.id() + "' says enabledByDefault() = " + plugin.enabledByDefault());
    }
    return Optional.empty();
  }

  /**
   * Why a plugins directory or jar may not be trusted, if it may not: a plugin runs as root, so
   * whoever can write it owns the node. It must be owned by root or by the user eksnode runs as (so
   * tests and unprivileged dry runs work), and not be writable by group or others.
   */
  static Optional<String> unsafe(Path path) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
        return Optional.of("is writable by group or others (" + PosixFilePermissions.toString(mode)
            + "); a plugin runs as root: make it root-owned and not group- or world-writable (chmod go-w)");
      }
      int owner = (Integer) Files.getAttribute(path, "unix:uid");
      if (owner != 0 && owner != PROCESS_UID) {
        return Optional.of("is owned by uid " + owner + ", neither root nor the user eksnode runs as (uid " + PROCESS_UID
            + "); a plugin runs as root: make it root-owned (chown root)");
      }
      return Optional.empty();
    } catch (UnsupportedOperationException e) {
      return Optional.empty(); // not a POSIX file system: nothing to check
    } catch (IOException e) {
      return Optional.of("cannot read its owner and mode: " + e.getMessage());
    }
  }

  /** The uid this process runs as: the owner of /proc/self; -1 where there is no /proc. */
  private static final int PROCESS_UID = processUid();

  private static int processUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /** A PF4J manager whose descriptor is derived from the jar itself: no PF4J manifest needed. */
  private static final class ServiceDescribedJarManager extends JarPluginManager {
    ServiceDescribedJarManager(Path directory) {
      super(directory);
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
      return new CompoundPluginDescriptorFinder().add(new JarNameDescriptorFinder());
    }
  }

  /**
   * Names each jar's PF4J plugin after its file; the real id and version come from the {@link Plugin}
   * implementation once loaded.
   */
  private static final class JarNameDescriptorFinder implements PluginDescriptorFinder {
    @Override
    public boolean isApplicable(Path path) {
      return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    @Override
    public PluginDescriptor find(Path path) {
      String name = path.getFileName().toString();
      String id = name.substring(0, name.length() - ".jar".length());
      return new DefaultPluginDescriptor(id, "", null, "0.0.0", "*", "", "");
    }
  }
}
