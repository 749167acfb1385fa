package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.internal.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base roots: directory trees standing in for an Amazon Linux 2023 EKS node's filesystem, each with the
 * instance description the metadata emulator serves for it. A case names one in {@code case.toml} and
 * adds its own {@code input/} on top.
 *
 * <p>The kit ships these ({@link #SHIPPED}):
 *
 * <ul>
 *   <li>{@code al2023}: an m5.large with the files and units the boot phase expects (os-release,
 *       kubelet and containerd units, a {@code kubelet} stand-in printing {@code Kubernetes v1.31.2},
 *       cpuinfo, PCI devices, the EBS root disk).
 *   <li>{@code gpu-g5}: a g5.xlarge with one NVIDIA A10G PCI device and an {@code nvidia-smi} stand-in.
 *   <li>{@code efa-p4d}: a p4d.24xlarge with eight A100s and four EFA devices.
 *   <li>{@code instance-store-m5d}: an m5d.4xlarge with two NVMe instance-store disks.
 *   <li>{@code outpost}: an m5.large on an Outpost ({@code outpost-arn} in its metadata).
 *   <li>{@code ipv6}: an m5.large whose interface has an IPv6 address, for IPv6 clusters.
 *   <li>{@code eks-al2023}: the emulators' base root of that name ({@code
 *       dev.eksnode.tck.emulator.BaseRoots.EKS_AL2023}), an AL2023 EKS image after {@code eksnode image
 *       build} (the baked instance-type table, containerd in the runtime slice), without {@code /proc}
 *       and {@code /sys} and without an instance description: a case brings its {@code instance.json}.
 *       The core plugin's cases run over it.
 * </ul>
 *
 * <p>A plugin may add its own ({@link #withOwn(Path)}): a directory holding one directory per root,
 * laid out as the shipped ones are: {@code <name>/tree/} (the files, with {@code tree/.modes}), {@code
 * <name>/instance.json} (what the metadata emulator serves for it) and, for a variant, {@code
 * <name>/extends} holding the name of the root it adds to. A variant's tree is overlaid on its parent's;
 * a variant without {@code instance.json} inherits its parent's. A plugin's own root wins over a shipped
 * one of the same name.
 */
@API(status = STABLE, since = "0.1.0")
public final class BaseRoots {

  /** The names of the base roots the kit ships. */
  public static final List<String> SHIPPED =
      List.of("al2023", "gpu-g5", "efa-p4d", "instance-store-m5d", "outpost", "ipv6", "eks-al2023");

  /** Where the kit's own base roots are on the class path. */
  private static final String RESOURCES = "dev/eksnode/tck/roots";

  /** The shipped base roots read from the emulators rather than copied: they have no {@code instance.json}. */
  private static final List<String> FROM_EMULATORS = List.of(dev.eksnode.tck.emulator.BaseRoots.EKS_AL2023);

  private static final Map<String, Tree> SHIPPED_TREES = new ConcurrentHashMap<>();

  private final Optional<Path> own;
  private final Map<String, Tree> trees = new ConcurrentHashMap<>();

  private BaseRoots(Optional<Path> own) {
    this.own = own;
  }

  /** The base roots the kit ships. */
  public static BaseRoots shipped() {
    return new BaseRoots(Optional.empty());
  }

  /** The shipped base roots and a plugin's own in {@code directory}, which win on a name clash. */
  public static BaseRoots withOwn(Path directory) {
    return new BaseRoots(Optional.of(directory));
  }

  /** Every base root name known: the shipped ones, then the plugin's own in name order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(SHIPPED);
    own.ifPresent(dir -> {
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

  /**
   * Creates the named root's files and directories under {@code target} (created when missing), with
   * their modes.
   *
   * @throws EksnodeException when no root has that name or its files cannot be read or written
   */
  public void seed(String name, Path target) {
    tree(name).materialize(target);
  }

  /**
   * Every entry of the named root as its {@code .modes} listing has it: relative path ({@code
   * etc/os-release}) to permission bits, directories ending in {@code /}, in path order.
   */
  public SortedMap<String, Integer> modes(String name) {
    SortedMap<String, Integer> modes = new TreeMap<>();
    tree(name).entries().forEach((path, entry) -> modes.put(entry instanceof Tree.Dir ? path + "/" : path, entry.mode()));
    return modes;
  }

  /** A file of the named root, by relative path ({@code etc/os-release}); empty when it has no such file. */
  public Optional<byte[]> content(String name, String path) {
    return tree(name).get(path).filter(Tree.File.class::isInstance).map(entry -> ((Tree.File) entry).content());
  }

  /** The instance description the metadata emulator serves for the named root, its nearest ancestor's when it has none. */
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

  private Tree tree(String name) {
    Tree tree = trees.get(name);
    if (tree == null) {
      tree = tree(name, new ArrayList<>());
      trees.put(name, tree);
    }
    return tree;
  }

  private Tree tree(String name, List<String> seen) {
    check(name, seen);
    Tree tree = ownDirectory(name).map(dir -> Tree.readSnapshot(dir.resolve("tree")))
        .orElseGet(() -> SHIPPED_TREES.computeIfAbsent(name, n -> FROM_EMULATORS.contains(n)
            ? fromEmulators(n)
            : Tree.readResources(BaseRoots.class.getClassLoader(), RESOURCES + "/" + n + "/tree")));
    Optional<String> parent = parent(name);
    return parent.isPresent() ? tree(parent.get(), seen).overlay(tree) : tree;
  }

  private static Tree fromEmulators(String name) {
    SortedMap<String, Integer> modes = new TreeMap<>();
    dev.eksnode.tck.emulator.BaseRoots.files(name).forEach((path, mode) -> modes.put(path.substring(1), mode));
    return Tree.listed(modes, path -> dev.eksnode.tck.emulator.BaseRoots.content(name, "/" + path));
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

  private Optional<Path> ownDirectory(String name) {
    return own.map(dir -> dir.resolve(name)).filter(Files::isDirectory);
  }

  private Optional<String> text(String name, String file) {
    Optional<Path> dir = ownDirectory(name);
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
    if (FROM_EMULATORS.contains(name)) {
      return Optional.empty();
    }
    return Tree.resource(BaseRoots.class.getClassLoader(), RESOURCES + "/" + name + "/" + file)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }
}
