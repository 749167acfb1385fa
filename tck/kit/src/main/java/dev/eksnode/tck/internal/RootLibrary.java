package dev.eksnode.tck.internal;

import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.emulator.NodeRoots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds base roots by name: the ones shipped with the kit (class-path resources under {@value
 * #RESOURCES}, and the emulators' {@link NodeRoots} of {@link #FROM_EMULATORS}, read from there rather
 * than copied) and, optionally, a plugin's own directory of roots with the same layout, which wins on
 * a name clash.
 *
 * <p>Layout of one root {@code <name>/}: {@code tree/} (the files, with {@code tree/.modes}),
 * {@code instance.json} (what the metadata emulator serves for it) and, for a variant, {@code
 * extends} holding the name of the root it adds to. A variant's tree is overlaid on its parent's; a
 * variant without {@code instance.json} inherits its parent's.
 */
public final class RootLibrary {

  /** Where the shipped roots are on the class path. */
  public static final String RESOURCES = "dev/eksnode/tck/roots";

  /**
   * The shipped roots that are the emulators' {@link NodeRoots}, by kit name: {@code eks-al2023} is
   * {@link NodeRoots#AL2023}, the image after {@code eksnode image build}, which the CLI's demo and the
   * distribution's tests boot over too. They have no {@code instance.json}: a case brings its own.
   */
  public static final Map<String, String> FROM_EMULATORS = Map.of("eks-al2023", NodeRoots.AL2023);

  /** The shipped roots. */
  public static final List<String> SHIPPED =
      List.of("al2023", "gpu-g5", "efa-p4d", "instance-store-m5d", "outpost", "ipv6", "eks-al2023");

  private static final Map<String, Tree> SHIPPED_TREES = new ConcurrentHashMap<>();

  private final Optional<Path> ownRoots;

  public RootLibrary(Optional<Path> ownRoots) {
    this.ownRoots = ownRoots;
  }

  /** Every root name this library knows. */
  public List<String> names() {
    List<String> names = new ArrayList<>(SHIPPED);
    ownRoots.ifPresent(
        dir -> {
          try (var entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                .filter(name -> !names.contains(name)).forEach(names::add);
          } catch (IOException e) {
            throw new EksnodeException("cannot list base roots in " + dir + ": " + e.getMessage(), e);
          }
        });
    return names;
  }

  public boolean knows(String name) {
    return names().contains(name);
  }

  /** The full tree of a root, its ancestors' trees underneath. */
  public Tree tree(String name) {
    return tree(name, new ArrayList<>());
  }

  private Tree tree(String name, List<String> seen) {
    check(name, seen);
    Tree own = own(name).map(dir -> Tree.readSnapshot(dir.resolve("tree")))
        .orElseGet(() -> SHIPPED_TREES.computeIfAbsent(name, n -> FROM_EMULATORS.containsKey(n)
            ? Tree.nodeRoot(FROM_EMULATORS.get(n))
            : Tree.readResources(RootLibrary.class.getClassLoader(), RESOURCES + "/" + n + "/tree")));
    Optional<String> parent = parent(name);
    return parent.isPresent() ? tree(parent.get(), seen).overlay(own) : own;
  }

  /** The instance description served for a root, its nearest ancestor's when it has none. */
  public String instanceJson(String name) {
    List<String> seen = new ArrayList<>();
    for (String current = name; ; ) {
      check(current, seen);
      Optional<String> json = text(current, "instance.json");
      if (json.isPresent()) {
        return json.get();
      }
      Optional<String> parent = parent(current);
      if (parent.isEmpty()) {
        return "{}";
      }
      current = parent.get();
    }
  }

  private void check(String name, List<String> seen) {
    if (seen.contains(name)) {
      seen.add(name);
      throw new EksnodeException("base roots extend each other in a circle: " + String.join(" -> ", seen));
    }
    seen.add(name);
    if (!knows(name)) {
      throw new EksnodeException("no base root named '" + name + "'; known: " + String.join(", ", names()));
    }
  }

  private Optional<String> parent(String name) {
    return text(name, "extends").map(String::strip).filter(s -> !s.isEmpty());
  }

  private Optional<Path> own(String name) {
    return ownRoots.map(dir -> dir.resolve(name)).filter(Files::isDirectory);
  }

  private Optional<String> text(String name, String file) {
    Optional<Path> dir = own(name);
    if (dir.isPresent()) {
      Path path = dir.get().resolve(file);
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readString(path));
      } catch (IOException e) {
        throw new EksnodeException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    if (FROM_EMULATORS.containsKey(name)) {
      return Optional.empty();
    }
    return Tree.resource(RootLibrary.class.getClassLoader(), RESOURCES + "/" + name + "/" + file)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }
}
