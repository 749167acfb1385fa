package dev.eksnode.kernel;

import dev.eksnode.spi.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
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
 * descriptor a plugin needs, so the same jar also works as a built-in on the module path.
 */
final class Pf4jJars {

  private static final Logger LOGGER = LoggerFactory.getLogger(Pf4jJars.class);

  /** Loaded plugins and the problems met; jars are read in file-name order. */
  public record Result(List<LoadedPlugin> plugins, List<GraphProblem> problems) {}

  private Pf4jJars() {}

  public static Result load(Path directory) {
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
    if (jars.isEmpty()) {
      return new Result(plugins, problems);
    }
    JarPluginManager manager = new ServiceDescribedJarManager(directory);
    for (Path jar : jars) {
      Optional<String> unsafeJar = unsafe(jar);
      if (unsafeJar.isPresent()) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), unsafeJar.get()));
        continue;
      }
      // A file that is no zip at all would otherwise load as an empty class path and be reported as
      // lacking a service entry; say what is really wrong with it.
      try (JarFile readable = new JarFile(jar.toFile())) {
        LOGGER.debug("loading {} ({} entries)", jar, readable.size());
      } catch (IOException e) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), "not a readable jar: " + e.getMessage()));
        continue;
      }
      try {
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
        found.forEach(plugin -> plugins.add(new LoadedPlugin(plugin, jar.toString())));
      } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
        problems.add(new GraphProblem.BrokenJar(jar.toString(), rootCause(e)));
      }
    }
    return new Result(plugins, problems);
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

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return cause == e ? text : e.getMessage() + " (" + text + ")";
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
