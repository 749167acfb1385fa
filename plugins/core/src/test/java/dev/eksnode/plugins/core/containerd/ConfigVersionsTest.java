package dev.eksnode.plugins.core.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** What a containerd TOML document is written for, what cannot work in it, and its translation to version 3. */
class ConfigVersionsTest {

  static final ContainerdVersion CONTAINERD_1_7 = new ContainerdVersion(1, 7, 25);
  static final ContainerdVersion CONTAINERD_2_0 = new ContainerdVersion(2, 0, 5);
  static final ContainerdVersion CONTAINERD_2_1 = new ContainerdVersion(2, 1, 9);

  /** A TOML document as the plain maps, lists and values configuration binding gives. */
  static Map<String, Object> toml(String text) {
    TomlParseResult parsed = Toml.parse(text);
    assertTrue(!parsed.hasErrors(), parsed.errors().toString());
    return plain(parsed);
  }

  private static Map<String, Object> plain(TomlTable table) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (String key : table.keySet()) {
      result.put(key, plain(table.get(List.of(key))));
    }
    return result;
  }

  private static Object plain(Object value) {
    if (value instanceof TomlTable table) {
      return plain(table);
    }
    if (value instanceof TomlArray array) {
      return array.toList().stream().map(ConfigVersionsTest::plain).toList();
    }
    return value;
  }

  /** The version-2 layout of nodeadm's template (NVIDIA runtime, CDI, SOCI), as FACTS.md describes it. */
  static final String VERSION_2 = """
      version = 2
      root = "/var/lib/containerd"
      state = "/run/containerd"
      [grpc]
      address = "/run/containerd/containerd.sock"
      [plugins."io.containerd.grpc.v1.cri"]
      sandbox_image = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10"
      enable_cdi = true
      [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "nvidia"
      discard_unpacked_layers = true
      snapshotter = "soci"
      disable_snapshot_annotations = false
      [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d:/etc/docker/certs.d"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.nvidia]
      runtime_type = "io.containerd.runc.v2"
      base_runtime_spec = "/etc/containerd/base-runtime-spec.json"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.nvidia.options]
      BinaryName = "/usr/bin/nvidia-container-runtime"
      SystemdCgroup = true
      [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/opt/cni/bin"
      conf_dir = "/etc/cni/net.d"
      [proxy_plugins.soci]
      type = "snapshot"
      address = "/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock"
      [proxy_plugins.soci.exports]
      root = "/var/lib/soci-snapshotter-grpc"
      """;

  /** The same node in version 3, laid out as FACTS.md's "Config version 3 layout" says. */
  private static final String VERSION_3 = """
      root = "/var/lib/containerd"
      state = "/run/containerd"
      [grpc]
      address = "/run/containerd/containerd.sock"
      [plugins.'io.containerd.cri.v1.images']
      discard_unpacked_layers = true
      snapshotter = "soci"
      disable_snapshot_annotations = false
      [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10"
      [plugins.'io.containerd.cri.v1.images'.registry]
      config_path = "/etc/containerd/certs.d:/etc/docker/certs.d"
      [plugins.'io.containerd.cri.v1.runtime']
      enable_cdi = true
      [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = "nvidia"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.nvidia]
      runtime_type = "io.containerd.runc.v2"
      base_runtime_spec = "/etc/containerd/base-runtime-spec.json"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.nvidia.options]
      BinaryName = "/usr/bin/nvidia-container-runtime"
      SystemdCgroup = true
      [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dir = "/opt/cni/bin"
      conf_dir = "/etc/cni/net.d"
      [proxy_plugins.soci]
      type = "snapshot"
      address = "/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock"
      [proxy_plugins.soci.exports]
      root = "/var/lib/soci-snapshotter-grpc"
      """;

  @Test
  void translatesTheVersion2TemplateIntoTheVersion3Layout() {
    assertEquals(toml(VERSION_3), ConfigVersions.toVersion3(toml(VERSION_2), CONTAINERD_2_0));
  }

  @Test
  void fromContainerd21CniBinDirBecomesBinDirs() {
    Map<String, Object> translated = ConfigVersions.toVersion3(toml(VERSION_2), CONTAINERD_2_1);
    assertEquals(Map.of("bin_dirs", List.of("/opt/cni/bin"), "conf_dir", "/etc/cni/net.d"), at(translated, "plugins", ConfigVersions.CRI_RUNTIME, "cni"));
  }

  @Test
  void keepsTheStreamingServerInTheCriPluginAndRenamesPlugins() {
    Map<String, Object> translated = ConfigVersions.toVersion3(toml("""
        version = 2
        oom_score = -999
        [plugins."io.containerd.grpc.v1.cri"]
        stream_server_address = "127.0.0.1"
        max_container_log_line_size = 32768
        max_concurrent_downloads = 8
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]
        runtime_type = "io.containerd.kata.v2"
        sandbox_mode = "shim"
        [plugins."io.containerd.monitor.v1.cgroups"]
        no_prometheus = true
        [plugins."io.containerd.runtime.v2.task"]
        sched_core = true
        platforms = ["linux/amd64"]
        """), CONTAINERD_2_1);
    assertEquals(toml("""
        oom_score = -999
        [plugins."io.containerd.grpc.v1.cri"]
        stream_server_address = "127.0.0.1"
        [plugins."io.containerd.cri.v1.images"]
        max_concurrent_downloads = 8
        [plugins."io.containerd.cri.v1.runtime"]
        max_container_log_line_size = 32768
        [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.kata]
        runtime_type = "io.containerd.kata.v2"
        sandboxer = "shim"
        [plugins."io.containerd.monitor.task.v1.cgroups"]
        no_prometheus = true
        [plugins."io.containerd.runtime.v2.task"]
        platforms = ["linux/amd64"]
        [plugins."io.containerd.shim.v1.manager"]
        env = ["SCHED_CORE=1"]
        """), translated);
  }

  @Test
  void aDocumentSaysItsLayoutByItsVersionElseByItsTables() {
    assertEquals(new ConfigVersions.Declared(3, List.of("version")), ConfigVersions.declared(toml("version = 3")));
    assertEquals(new ConfigVersions.Declared(3, List.of("plugins", ConfigVersions.CRI_IMAGES)),
        ConfigVersions.declared(toml("[plugins.'io.containerd.cri.v1.images']\nmax_concurrent_downloads = 4")));
    assertEquals(new ConfigVersions.Declared(3, List.of("plugins", ConfigVersions.CRI_RUNTIME)),
        ConfigVersions.declared(toml("[plugins.'io.containerd.cri.v1.runtime'.cni]\nconf_dir = \"/x\"")));
    assertEquals(new ConfigVersions.Declared(2, List.of()), ConfigVersions.declared(toml("[proxy_plugins.soci]\ntype = \"snapshot\"")));
    assertEquals(new ConfigVersions.Declared(2, List.of()), ConfigVersions.declared(Map.of()));
  }

  @Test
  void aVersion3DocumentCannotConfigureContainerd1() {
    ConfigVersions.Problem problem =
        ConfigVersions.problem(ConfigVersions.declared(toml("version = 3")), CONTAINERD_1_7).orElseThrow();
    assertEquals(List.of("version"), problem.path());
    assertEquals("makes a version-3 configuration, which containerd 1.7.25 cannot read", problem.message());
    assertEquals(Optional.empty(), ConfigVersions.problem(ConfigVersions.declared(toml("version = 3")), CONTAINERD_2_1));
    assertEquals(Optional.empty(), ConfigVersions.problem(ConfigVersions.declared(toml("version = 2")), CONTAINERD_2_1));
    assertEquals(Optional.empty(), ConfigVersions.problem(ConfigVersions.declared(toml("version = 2")), CONTAINERD_1_7));
  }

  @Test
  void version2KeysInAVersion3DocumentAreNamedWithWhereTheyBelong() {
    List<ConfigVersions.Problem> problems = ConfigVersions.problems(toml("""
        version = 3
        [plugins."io.containerd.grpc.v1.cri"]
        sandbox_image = "localhost/pause:3.10"
        stream_server_port = "10010"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true
        [plugins."io.containerd.grpc.v1.cri".registry]
        config_path = "/etc/containerd/certs.d"
        [plugins."io.containerd.internal.v1.restart"]
        interval = "20s"
        """));
    assertEquals(List.of(
        List.of("plugins", ConfigVersions.CRI, "sandbox_image"),
        List.of("plugins", ConfigVersions.CRI, "containerd"),
        List.of("plugins", ConfigVersions.CRI, "registry"),
        List.of("plugins", "io.containerd.internal.v1.restart")), problems.stream().map(ConfigVersions.Problem::path).toList());
    assertEquals("write it as plugins.\"io.containerd.cri.v1.images\".pinned_images.sandbox", problems.get(0).suggestion());
    assertEquals("write it as plugins.\"io.containerd.cri.v1.runtime\".containerd", problems.get(1).suggestion());
    assertEquals("write it as plugins.\"io.containerd.cri.v1.images\".registry", problems.get(2).suggestion());
    assertEquals("is the version-2 name of a plugin containerd 2 calls io.containerd.monitor.container.v1.restart", problems.get(3).message());
  }

  @Test
  void aVersion3TableUnderVersion2AndAnUnknownVersionAreProblems() {
    assertEquals(List.of(List.of("plugins", ConfigVersions.CRI_IMAGES)), ConfigVersions.problems(toml("""
        version = 2
        [plugins.'io.containerd.cri.v1.images']
        max_concurrent_downloads = 4
        """)).stream().map(ConfigVersions.Problem::path).toList());
    ConfigVersions.Problem unknown = ConfigVersions.problems(toml("version = 4")).getFirst();
    assertEquals("4 is not a configuration version eksnode renders", unknown.message());
    assertEquals(List.of(), ConfigVersions.problems(toml(VERSION_2)));
    assertEquals(List.of(), ConfigVersions.problems(toml("version = 3\n" + VERSION_3)));
  }

  @Test
  void findsTheVersionInWhatContainerdAndPackagesPrint() {
    assertEquals(Optional.of(CONTAINERD_2_1), ContainerdVersion.find("containerd github.com/containerd/containerd/v2 2.1.9+unknown \n"));
    assertEquals(Optional.of(CONTAINERD_1_7), ContainerdVersion.find("containerd github.com/containerd/containerd 1.7.25 bcc810d6b9066471b0b6fa75f557a15a1cbf31bb"));
    assertEquals(Optional.of(new ContainerdVersion(2, 0, 5)), ContainerdVersion.find("2.0.5-1.amzn2023.0.1"));
    assertEquals(Optional.empty(), ContainerdVersion.find("containerd: command not found"));
    assertEquals(3, CONTAINERD_2_0.configVersion());
    assertEquals(2, CONTAINERD_1_7.configVersion());
  }

  @SuppressWarnings("unchecked")
  static Object at(Map<String, Object> tree, String... path) {
    Object node = tree;
    for (String key : path) {
      node = ((Map<String, Object>) node).get(key);
    }
    return node;
  }
}
