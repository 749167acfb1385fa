package dev.eksnode.plugins.core.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.plugins.core.TestTools;
import dev.eksnode.node.text.TomlWriter;
import dev.eksnode.spi.Contribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * eksnode's translation of version-2 containerd TOML against containerd 2.1's own ({@code containerd
 * config migrate}), on a corpus: the user documents under {@code version-2/}, the version-2 layout of
 * {@link ConfigVersionsTest}, and eksnode's version-2 rendering of a node with NVIDIA's runtime and
 * SOCI. Both sides go through the real binary ({@code config migrate} of the original, {@code config
 * dump} of the translation), so containerd's defaults are on both and only a difference of meaning
 * shows.
 *
 * <p>The second check is the whole rendering: for containerd 2 eksnode renders version 3 with the user's
 * version-2 document translated; nodeadm renders version 2 and runs {@code containerd config migrate}
 * over the result. Both must configure containerd alike. The one permitted difference is containerd
 * 2.1's own equivalence of {@code cni.bin_dir = X} with {@code cni.bin_dirs = [X]} (eksnode writes
 * nodeadm's {@code bin_dir}, which containerd 2.0 also reads; the migration writes {@code bin_dirs}).
 */
class ConfigVersionsIT {

  private static final Path CORPUS = Path.of("src/test/resources/dev/eksnode/plugins/core/containerd/version-2");

  private static final String SANDBOX = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10";

  /** What the NVIDIA and SOCI plugins contribute, in version 2. */
  private static final List<Contribution<Map<String, Object>>> GPU_AND_SOCI = List.of(
      new Contribution<>("nvidia/container-runtime", ConfigVersionsTest.toml("""
          [plugins."io.containerd.grpc.v1.cri"]
          enable_cdi = true
          cdi_spec_dirs = ["/etc/cdi", "/var/run/cdi"]
          [plugins."io.containerd.grpc.v1.cri".containerd]
          default_runtime_name = "nvidia"
          [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.nvidia]
          runtime_type = "io.containerd.runc.v2"
          base_runtime_spec = "/etc/containerd/base-runtime-spec.json"
          privileged_without_host_devices = false
          [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.nvidia.options]
          BinaryName = "/usr/bin/nvidia-container-runtime"
          SystemdCgroup = true
          """)),
      new Contribution<>("soci/snapshotter", ConfigVersionsTest.toml("""
          [proxy_plugins.soci]
          type = "snapshot"
          address = "/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock"
          [proxy_plugins.soci.exports]
          root = "/var/lib/soci-snapshotter-grpc"
          [plugins."io.containerd.grpc.v1.cri".containerd]
          snapshotter = "soci"
          disable_snapshot_annotations = false
          """)));

  private static Map<String, Map<String, Object>> userDocuments() throws IOException {
    Map<String, Map<String, Object>> documents = new TreeMap<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file : files.sorted().toList()) {
        documents.put(file.getFileName().toString(), ConfigVersionsTest.toml(Files.readString(file)));
      }
    }
    return documents;
  }

  @TestFactory
  Stream<DynamicTest> translationMeansWhatContainerdsOwnMigrationMeans() throws Exception {
    Path containerd = TestTools.containerd2();
    ContainerdVersion version = version(containerd);
    Map<String, Map<String, Object>> corpus = new LinkedHashMap<>(userDocuments());
    corpus.put("version-2 layout of ConfigVersionsTest", ConfigVersionsTest.toml(ConfigVersionsTest.VERSION_2));
    corpus.put("eksnode's version 2 for a GPU node with SOCI",
        ContainerdConfig.render(new ContainerdConfig.Inputs(ConfigVersionsTest.CONTAINERD_1_7, SANDBOX, true), GPU_AND_SOCI, Map.of()));
    return corpus.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
      Path directory = Files.createTempDirectory("eksnode-migrate-");
      try {
        Map<String, Object> original = new LinkedHashMap<>(entry.getValue());
        original.put("version", 2L);
        Path before = Files.writeString(directory.resolve("version-2.toml"), TomlWriter.write(original));
        Map<String, Object> translated = new LinkedHashMap<>();
        translated.put("version", 3L);
        translated.putAll(ConfigVersions.toVersion3(entry.getValue(), version));
        Path after = Files.writeString(directory.resolve("version-3.toml"), TomlWriter.write(translated));
        assertSameLeaves(leaves(containerd(containerd, before, "migrate")), leaves(containerd(containerd, after, "dump")),
            "containerd's migration of " + before + " against its dump of eksnode's translation " + after);
      } finally {
        deleteTree(directory);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> renderingVersion3MeansWhatRenderingVersion2ThenMigratingMeans() throws Exception {
    Path containerd = TestTools.containerd2();
    ContainerdVersion version = version(containerd);
    List<String> defaultBinDirs = defaultCniBinDirs(containerd);
    Map<String, Map<String, Object>> corpus = new LinkedHashMap<>(userDocuments());
    corpus.put("no user document", Map.of());
    return corpus.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
      Path directory = Files.createTempDirectory("eksnode-render-");
      try {
        Map<String, Object> version2 = ContainerdConfig.render(
            new ContainerdConfig.Inputs(ConfigVersionsTest.CONTAINERD_1_7, SANDBOX, true), GPU_AND_SOCI, entry.getValue());
        Map<String, Object> version3 = ContainerdConfig.render(new ContainerdConfig.Inputs(version, SANDBOX, true), GPU_AND_SOCI, entry.getValue());
        assertEquals(3L, version3.get("version"));
        Path nodeadmWay = Files.writeString(directory.resolve("version-2.toml"), TomlWriter.write(version2));
        Path eksnodeWay = Files.writeString(directory.resolve("version-3.toml"), TomlWriter.write(version3));
        assertSameLeaves(
            binDirsAsContainerdReadsThem(leaves(containerd(containerd, nodeadmWay, "migrate")), defaultBinDirs),
            binDirsAsContainerdReadsThem(leaves(containerd(containerd, eksnodeWay, "dump")), defaultBinDirs),
            "version 2 " + nodeadmWay + " migrated by containerd against eksnode's version 3 " + eksnodeWay);
      } finally {
        deleteTree(directory);
      }
    }));
  }

  /** Fails with the keys whose values differ, each with both values, rather than with both documents whole. */
  private static void assertSameLeaves(Map<String, String> expected, Map<String, String> actual, String what) {
    List<String> differences = new ArrayList<>();
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
        differences.add(key + ": " + expected.get(key) + " (containerd) vs " + actual.get(key) + " (eksnode)");
      }
    }
    assertEquals(List.of(), differences, what);
  }

  private static ContainerdVersion version(Path containerd) throws Exception {
    TestTools.Result result = TestTools.run(List.of(containerd.toString(), "--version"));
    return ContainerdVersion.find(result.stdout()).orElseThrow(() -> new AssertionError("no version in: " + result.stdout()));
  }

  private static String containerd(Path containerd, Path config, String command) throws Exception {
    TestTools.Result result = TestTools.run(List.of(containerd.toString(), "--config", config.toString(), "config", command));
    assertEquals(0, result.exit(), () -> "containerd config " + command + " of " + config + " failed:\n" + result.stderr());
    return result.stdout();
  }

  /** {@code cni.bin_dirs} of containerd's default configuration (Debian's package adds {@code /usr/lib/cni}). */
  private static List<String> defaultCniBinDirs(Path containerd) throws Exception {
    TestTools.Result result = TestTools.run(List.of(containerd.toString(), "config", "default"));
    TomlParseResult parsed = Toml.parse(result.stdout());
    TomlArray dirs = parsed.getArray(List.of("plugins", ConfigVersions.CRI_RUNTIME, "cni", "bin_dirs"));
    assertTrue(dirs != null, "containerd's default configuration has no cni.bin_dirs");
    return dirs.toList().stream().map(String::valueOf).toList();
  }

  /**
   * containerd 2.1's reading of {@code cni.bin_dir} (its configuration check): set beside the default
   * {@code bin_dirs}, it replaces them.
   */
  private static Map<String, String> binDirsAsContainerdReadsThem(Map<String, String> leaves, List<String> defaultBinDirs) {
    String prefix = "plugins." + ConfigVersions.CRI_RUNTIME + ".cni.";
    String binDir = leaves.getOrDefault(prefix + "bin_dir", "");
    if (!binDir.isEmpty() && leaves.getOrDefault(prefix + "bin_dirs", "").equals(defaultBinDirs.toString())) {
      Map<String, String> read = new TreeMap<>(leaves);
      read.put(prefix + "bin_dirs", List.of(binDir).toString());
      read.put(prefix + "bin_dir", "");
      return read;
    }
    return leaves;
  }

  /** Every leaf of a TOML document by its dotted path, values as text. */
  private static Map<String, String> leaves(String toml) {
    TomlParseResult parsed = Toml.parse(toml);
    assertTrue(!parsed.hasErrors(), () -> parsed.errors() + " in\n" + toml);
    Map<String, String> leaves = new TreeMap<>();
    collect("", parsed, leaves);
    return leaves;
  }

  private static void collect(String prefix, TomlTable table, Map<String, String> leaves) {
    for (String key : table.keySet()) {
      Object value = table.get(List.of(key));
      String path = prefix + key;
      if (value instanceof TomlTable child) {
        if (child.isEmpty()) {
          leaves.put(path, "{}");
        }
        collect(path + ".", child, leaves);
      } else if (value instanceof TomlArray array) {
        leaves.put(path, plain(array).toString());
      } else {
        leaves.put(path, String.valueOf(value));
      }
    }
  }

  private static List<Object> plain(TomlArray array) {
    List<Object> items = new ArrayList<>();
    for (Object item : array.toList()) {
      items.add(item instanceof TomlArray nested ? plain(nested) : item instanceof TomlTable table ? table.toMap() : item);
    }
    return items;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
