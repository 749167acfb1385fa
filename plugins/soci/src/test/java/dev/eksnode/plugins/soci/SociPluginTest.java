package dev.eksnode.plugins.soci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eksnode.node.Documents;
import dev.eksnode.node.LocalStorage;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import dev.eksnode.tck.PluginHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SociPluginTest {

  static final String ENABLED = "[plugins.soci]\nenabled = true\n";
  static final String SOCKET = "/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock";
  static final String DEFAULT_CONFIG = """
      # Written by eksnode (soci/snapshotter) from [plugins.soci].

      [cri_keychain]
      enable_keychain = true
      image_service_path = "/run/containerd/containerd.sock"

      [content_store]
      type = "containerd"

      [pull_modes.parallel_pull_unpack]
      enable = true
      max_concurrent_downloads = -1
      max_concurrent_downloads_per_image = 10
      concurrent_download_chunk_size = "16mb"
      max_concurrent_unpacks = -1
      max_concurrent_unpacks_per_image = 10
      discard_unpacked_layers = true
      """;

  @TempDir Path root;

  /** A node with {@code memKiB} of memory and CPUs {@code 0-(cpus-1)} online. */
  PluginHarness node(long memKiB, int cpus, Plugin... more) {
    Plugin[] plugins = new Plugin[more.length + 1];
    plugins[0] = new SociPlugin();
    System.arraycopy(more, 0, plugins, 1, more.length);
    return new PluginHarness(root, plugins).config(ENABLED)
        .file("/proc/meminfo", "MemTotal:       " + memKiB + " kB\nMemFree:         1000000 kB\n")
        .file("/sys/devices/system/cpu/online", "0-" + (cpus - 1) + "\n");
  }

  @Test
  void m5xlargeGetsTheProxySnapshotterAndTheImageService() throws IOException {
    var run = node(15_841_216, 4).run(Phase.BOOT);

    var record = run.expect("soci/snapshotter", "applied");
    assertEquals(List.of("systemctl enable soci-snapshotter.service", "systemctl start soci-snapshotter.service"),
        record.actions());
    assertEquals(List.of(Map.of(
        "proxy_plugins", Map.of("soci", Map.of(
            "type", "snapshot", "address", SOCKET, "exports", Map.of("root", "/var/lib/soci-snapshotter-grpc"))),
        "plugins", Map.of("io.containerd.grpc.v1.cri", Map.of("containerd", Map.of(
            "snapshotter", "soci", "disable_snapshot_annotations", false))))),
        run.contributions(Documents.CONTAINERD_CONFIG));
    assertEquals(List.of(Map.of("imageServiceEndpoint", "unix://" + SOCKET)), run.contributions(Documents.KUBELET_CONFIG));
    assertEquals(List.of(), run.contributions(Documents.KUBELET_FLAGS));
    assertEquals(DEFAULT_CONFIG, read("/etc/soci-snapshotter-grpc/config.toml"));
    assertFalse(Files.exists(root.resolve(ConfigureSnapshotterStep.STORAGE_DROP_IN.substring(1))));
  }

  @Test
  void m5largeIsBelowTheCpuThresholdAndGetsNothing() {
    var run = node(7_949_000, 2).run(Phase.BOOT);

    assertEquals("node below the SOCI thresholds: 2 vCPUs < 4 (plugins.soci.minVcpus)",
        run.expect("soci/snapshotter", "skipped").detail());
    assertEquals(List.of(), run.contributions(Documents.CONTAINERD_CONFIG));
    assertEquals(List.of(), run.contributions(Documents.KUBELET_CONFIG));
    run.assertNoActions();
    assertEquals("", run.changes());
  }

  @Test
  void thresholdsAreOverridable() {
    var small = node(3_900_000, 2).config(ENABLED + "minMemoryGiB = 8\n").run(Phase.BOOT);
    assertEquals("node below the SOCI thresholds: 3.7 GiB memory < 8 GiB (plugins.soci.minMemoryGiB), "
        + "2 vCPUs < 4 (plugins.soci.minVcpus)", small.expect("soci/snapshotter", "skipped").detail());

    var lowered = node(3_900_000, 2).config(ENABLED + "minMemoryGiB = 3\nminVcpus = 2\n").run(Phase.BOOT);
    lowered.expect("soci/snapshotter", "applied");
  }

  @Test
  void countsProcessorsInCpuinfoWhenSysfsHasNoOnlineList() {
    String processor = "processor\t: %d\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)\n\n";
    var two = new PluginHarness(root, new SociPlugin()).config(ENABLED)
        .file("/proc/meminfo", "MemTotal:       15892384 kB\n")
        .file("/proc/cpuinfo", processor.formatted(0) + processor.formatted(1))
        .run(Phase.BOOT);
    assertEquals("node below the SOCI thresholds: 2 vCPUs < 4 (plugins.soci.minVcpus)",
        two.expect("soci/snapshotter", "skipped").detail());

    var four = new PluginHarness(root, new SociPlugin()).config(ENABLED)
        .file("/proc/cpuinfo", processor.formatted(0) + processor.formatted(1) + processor.formatted(2) + processor.formatted(3))
        .run(Phase.BOOT);
    four.expect("soci/snapshotter", "applied");
  }

  @Test
  void noThresholdsNeedNoProcFiles() {
    var unreadable = new PluginHarness(root, new SociPlugin()).config(ENABLED).run(Phase.BOOT);
    assertEquals("cannot read MemTotal from /proc/meminfo to check plugins.soci.minMemoryGiB",
        unreadable.expect("soci/snapshotter", "skipped").detail());

    var off = new PluginHarness(root, new SociPlugin()).config(ENABLED + "minMemoryGiB = 0\nminVcpus = 0\n").run(Phase.BOOT);
    off.expect("soci/snapshotter", "applied");
  }

  @Test
  void kubeletsBefore127TakeTheImageServiceAsAFlag() {
    var old = node(15_841_216, 4).kubelet("v1.26.15").run(Phase.BOOT);
    assertEquals(List.of(List.of("--image-service-endpoint=unix://" + SOCKET)), old.contributions(Documents.KUBELET_FLAGS));
    assertEquals(List.of(), old.contributions(Documents.KUBELET_CONFIG));

    var current = node(15_841_216, 4).kubelet("v1.27.0").run(Phase.BOOT);
    assertEquals(List.of(), current.contributions(Documents.KUBELET_FLAGS));
    assertEquals(List.of(Map.of("imageServiceEndpoint", "unix://" + SOCKET)), current.contributions(Documents.KUBELET_CONFIG));
  }

  @Test
  void storageMovesToTheInstanceStoreMountedBeforeIt() throws IOException {
    var run = node(15_841_216, 4, new InstanceStoreStandIn()).run(Phase.BOOT);

    String rootDirectory = "/mnt/k8s-disks/0/soci-snapshotter-grpc";
    assertEquals("# Written by eksnode (soci/snapshotter): snapshotter data on the instance store.\n"
        + "[Service]\nEnvironment=SOCI_ROOT=" + rootDirectory + "\n", read(ConfigureSnapshotterStep.STORAGE_DROP_IN));
    assertEquals(List.of("systemctl daemon-reload", "systemctl enable soci-snapshotter.service",
        "systemctl start soci-snapshotter.service"), run.step("soci/snapshotter").actions());
    Map<?, ?> proxy = (Map<?, ?>) ((Map<?, ?>) run.contributions(Documents.CONTAINERD_CONFIG).getFirst()
        .get("proxy_plugins")).get("soci");
    assertEquals(Map.of("root", rootDirectory), proxy.get("exports"));
  }

  @Test
  void withoutTheInstanceStorePluginStorageMovesToAnInstanceStoreMountListedInProcMounts() throws IOException {
    node(15_841_216, 4)
        .file("/proc/mounts", "/dev/nvme0n1p1 / xfs rw,noatime 0 0\n/dev/md0 /mnt/k8s-disks/0 xfs rw,noatime 0 0\n")
        .run(Phase.BOOT);

    assertEquals("# Written by eksnode (soci/snapshotter): snapshotter data on the instance store.\n"
        + "[Service]\nEnvironment=SOCI_ROOT=/mnt/k8s-disks/0/soci-snapshotter-grpc\n", read(ConfigureSnapshotterStep.STORAGE_DROP_IN));
  }

  @Test
  void configuredRootDirectoryWins() throws IOException {
    node(15_841_216, 4, new InstanceStoreStandIn()).config(ENABLED + "rootDirectory = \"/data/soci\"\n").run(Phase.BOOT);
    assertEquals("# Written by eksnode (soci/snapshotter): snapshotter data on the instance store.\n"
        + "[Service]\nEnvironment=SOCI_ROOT=/data/soci\n", read(ConfigureSnapshotterStep.STORAGE_DROP_IN));
  }

  @Test
  void parallelPullSettingsReachTheSnapshotterConfig() throws IOException {
    node(15_841_216, 4).config(ENABLED + "[plugins.soci.parallelPull]\nmaxConcurrentDownloadsPerImage = 20\n"
        + "concurrentDownloadChunkSize = \"8mb\"\nmaxConcurrentUnpacks = 16\n").run(Phase.BOOT);
    String config = read("/etc/soci-snapshotter-grpc/config.toml");
    assertEquals(DEFAULT_CONFIG
        .replace("max_concurrent_downloads_per_image = 10", "max_concurrent_downloads_per_image = 20")
        .replace("\"16mb\"", "\"8mb\"")
        .replace("max_concurrent_unpacks = -1", "max_concurrent_unpacks = 16"), config);

    node(15_841_216, 4).config(ENABLED + "[plugins.soci.parallelPull]\nenabled = false\n").run(Phase.BOOT);
    assertEquals("# Written by eksnode (soci/snapshotter) from [plugins.soci].\n\n[cri_keychain]\nenable_keychain = true\n"
        + "image_service_path = \"/run/containerd/containerd.sock\"\n", read("/etc/soci-snapshotter-grpc/config.toml"));
  }

  @Test
  void imageInstallsThePackageOnceAndTheUnit() throws IOException {
    PluginHarness harness = new PluginHarness(root, new SociPlugin()).config(ENABLED + "version = \"0.10.0\"\n");

    var first = harness.run(Phase.IMAGE);
    assertEquals(List.of("run dnf install -y soci-snapshotter-0.10.0", "systemctl daemon-reload"), first.actions());
    assertEquals(InstallSnapshotterStep.UNIT_TEXT, read(InstallSnapshotterStep.UNIT));
    assertEquals(List.of(Map.of("soci-snapshotter", "0.10.0")), first.contributions(Documents.COMPONENT_VERSIONS));

    var second = harness.run(Phase.IMAGE);
    second.assertNoActions();
    second.expect("soci/install", "unchanged");
  }

  @Test
  void reportsEveryBadSettingWithItsKey() {
    String toml = ENABLED + "version = \"latest\"\nminVcpus = -1\nrootDirectory = \"var/soci\"\nminMemory = 4\n"
        + "[plugins.soci.parallelPull]\nmaxConcurrentDownloads = 0\nconcurrentDownloadChunkSize = \"big\"\n"
        + "maxConcurrentUnpacksPerImage = 0\n";
    var problems = new PluginHarness(root, new SociPlugin()).config(toml).refusal()
        .problems().stream().map(p -> p.key() + ": " + p.message()).sorted().toList();
    assertEquals(List.of(
        "plugins.soci.minMemory: unknown key",
        "plugins.soci.minVcpus: -1 is less than 0",
        "plugins.soci.parallelPull.concurrentDownloadChunkSize: \"big\" is not a size",
        "plugins.soci.parallelPull.maxConcurrentDownloads: 0 is not a positive limit",
        "plugins.soci.parallelPull.maxConcurrentUnpacksPerImage: 0 is less than 1",
        "plugins.soci.rootDirectory: \"var/soci\" is not an absolute path without spaces or '..'",
        "plugins.soci.version: \"latest\" is not a version"), problems);
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path.substring(1)));
  }

  /** Publishes the mounted instance store the way the instance-store plugin does. */
  static final class InstanceStoreStandIn implements Plugin {
    @Override
    public String id() {
      return "instance-store";
    }

    @Override
    public String version() {
      return "0.0.0";
    }

    @Override
    public String description() {
      return "stand-in";
    }

    @Override
    public boolean enabledByDefault() {
      return true;
    }

    @Override
    public List<Step> steps() {
      return List.of(new Step() {
        @Override
        public String id() {
          return "instance-store/mounts";
        }

        @Override
        public Phase phase() {
          return Phase.BOOT;
        }

        @Override
        public Set<FactKey<?>> publishes() {
          return Set.of(NodeFacts.LOCAL_STORAGE);
        }

        @Override
        public Outcome apply(StepContext context) {
          context.publish(NodeFacts.LOCAL_STORAGE,
              new LocalStorage(List.of("/mnt/k8s-disks/0"), Map.of("/var/lib/kubelet", "/mnt/k8s-disks/0/kubelet")));
          return Outcome.done();
        }
      });
    }
  }
}
