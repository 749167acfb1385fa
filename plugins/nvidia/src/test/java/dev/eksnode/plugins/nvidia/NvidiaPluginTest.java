package dev.eksnode.plugins.nvidia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.node.Documents;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.PluginHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaPluginTest {

  static final String ENABLED = "[plugins.nvidia]\nenabled = true\n";
  static final String A10G = "NVIDIA A10G, 23028, 8.6, 570.86.15, [N/A]\n";
  static final String A100 = "NVIDIA A100-SXM4-40GB, 40960, 8.0, 570.86.15, Disabled\n";

  @TempDir Path root;

  /** A g5.xlarge: one A10G, the toolkit installed and an nvidia-smi stand-in that prints {@code csv}. */
  PluginHarness gpuNode(String deviceId, String csv, int count) {
    PluginHarness harness = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED)
        .file(ContainerRuntimeStep.RUNTIME_BINARY, "#!/bin/sh\n", true)
        .file(GpuQuery.NVIDIA_SMI, "#!/bin/sh\ncat <<'CSV'\n" + csv.repeat(count) + "CSV\n", true);
    for (int i = 0; i < count; i++) {
      harness.pci("0000:00:" + (0x1e + i) + ".0", "0x10de", deviceId, "0x030200");
    }
    return harness;
  }

  @Test
  void g5MakesNvidiaTheDefaultRuntimeAndLabelsTheGpu() {
    var run = gpuNode("0x2237", A10G, 1).run(Phase.BOOT);

    run.expect("nvidia/container-runtime", "applied");
    var containerd = run.contributions(Documents.CONTAINERD_CONFIG);
    assertEquals(1, containerd.size());
    Map<?, ?> cri = (Map<?, ?>) ((Map<?, ?>) containerd.getFirst().get("plugins")).get("io.containerd.grpc.v1.cri");
    Map<?, ?> runtimes = (Map<?, ?>) ((Map<?, ?>) cri.get("containerd")).get("runtimes");
    assertEquals("nvidia", ((Map<?, ?>) cri.get("containerd")).get("default_runtime_name"));
    Map<?, ?> nvidia = (Map<?, ?>) runtimes.get("nvidia");
    assertEquals("io.containerd.runc.v2", nvidia.get("runtime_type"));
    assertEquals("/etc/containerd/base-runtime-spec.json", nvidia.get("base_runtime_spec"));
    assertEquals(Map.of("BinaryName", "/usr/bin/nvidia-container-runtime", "SystemdCgroup", true), nvidia.get("options"));

    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("nvidia.com/gpu.present", "true"),
        Map.entry("nvidia.com/gpu.product", "NVIDIA-A10G"),
        Map.entry("nvidia.com/gpu.count", "1"),
        Map.entry("nvidia.com/gpu.memory", "23028"),
        Map.entry("nvidia.com/gpu.family", "ampere"),
        Map.entry("nvidia.com/gpu.compute.major", "8"),
        Map.entry("nvidia.com/gpu.compute.minor", "6"),
        Map.entry("nvidia.com/cuda.driver.major", "570"),
        Map.entry("nvidia.com/cuda.driver.minor", "86"),
        Map.entry("nvidia.com/cuda.driver.rev", "15"),
        Map.entry("nvidia.com/gpu.machine", "g5.xlarge"),
        Map.entry("nvidia.com/mig.capable", "false"),
        Map.entry("nvidia.com/gpu.replicas", "1"),
        Map.entry("nvidia.com/gpu.sharing-strategy", "none")));
    assertEquals(expected, run.labels());
    assertEquals("# Written by eksnode (nvidia/device-plugin-config) from [plugins.nvidia].\n"
        + "version: v1\nflags:\n  migStrategy: none\n", read(DevicePluginConfigStep.PATH));
  }

  @Test
  void noGpuSkipsEveryBootStepAndWritesNothing() throws IOException {
    var run = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED).instanceType("m5.large")
        .pci("0000:00:03.0", "0x1d0f", "0x1111", "0x030000")
        .file(ContainerRuntimeStep.RUNTIME_BINARY, "#!/bin/sh\n", true)
        .run(Phase.BOOT);

    for (String step : List.of("nvidia/container-runtime", "nvidia/gpu-labels", "nvidia/device-plugin-config")) {
      assertEquals("no NVIDIA device", run.expect(step, "skipped").detail());
    }
    assertEquals(List.of(), run.contributions(Documents.CONTAINERD_CONFIG));
    assertEquals(Map.of(), run.labels());
    assertFalse(Files.exists(root.resolve("etc/nvidia")));
    run.assertNoActions();
  }

  @Test
  void p4dCountsEveryGpuAndNamesTheProduct() {
    var run = gpuNode("0x20b0", A100, 8).instanceType("p4d.24xlarge").run(Phase.BOOT);

    Map<String, String> labels = run.labels();
    assertEquals("NVIDIA-A100-SXM4-40GB", labels.get("nvidia.com/gpu.product"));
    assertEquals("8", labels.get("nvidia.com/gpu.count"));
    assertEquals("40960", labels.get("nvidia.com/gpu.memory"));
    assertEquals("true", labels.get("nvidia.com/mig.capable"));
    assertEquals("p4d.24xlarge", labels.get("nvidia.com/gpu.machine"));
  }

  @Test
  void cdiIsOnFromKubelet129AndOffBelow() throws IOException {
    var old = gpuNode("0x2237", A10G, 1).kubelet("v1.28.15").run(Phase.BOOT);
    assertFalse(cri(old).containsKey("enable_cdi"));
    old.assertNoActions();

    Path second = Files.createTempDirectory(root.getParent(), "cdi");
    root = second;
    var current = gpuNode("0x2237", A10G, 1).kubelet("v1.29.0").run(Phase.BOOT);
    assertEquals(true, cri(current).get("enable_cdi"));
    assertEquals(List.of("/etc/cdi", "/var/run/cdi"), cri(current).get("cdi_spec_dirs"));
    assertEquals(List.of("run nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"), current.actions());
  }

  @Test
  void gpuWithoutTheToolkitSkipsTheRuntimeAndSaysWhy() {
    var run = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED)
        .pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200")
        .file(GpuQuery.NVIDIA_SMI, "#!/bin/sh\nprintf '%s' '" + A10G + "'\n", true)
        .run(Phase.BOOT);

    assertTrue(run.expect("nvidia/container-runtime", "skipped").detail().contains("/usr/bin/nvidia-container-runtime"));
    assertEquals("NVIDIA-A10G", run.labels().get("nvidia.com/gpu.product"));
  }

  @Test
  void failingNvidiaSmiFailsTheLabelStepWithItsMessage() {
    var run = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED)
        .pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200")
        .file(GpuQuery.NVIDIA_SMI, "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n", true)
        .run(Phase.BOOT);

    String detail = run.expect("nvidia/gpu-labels", "failed").detail();
    assertTrue(detail.contains("exit code 9") && detail.contains("NVIDIA-SMI has failed"), detail);
  }

  @Test
  void timeSlicingMarksTheProductSharedAndConfiguresTheDevicePlugin() {
    var run = gpuNode("0x2237", A10G, 1)
        .config(ENABLED + "timeSlicingReplicas = 4\nmigStrategy = \"single\"\n")
        .run(Phase.BOOT);

    assertEquals("NVIDIA-A10G-SHARED", run.labels().get("nvidia.com/gpu.product"));
    assertEquals("4", run.labels().get("nvidia.com/gpu.replicas"));
    assertEquals("time-slicing", run.labels().get("nvidia.com/gpu.sharing-strategy"));
    assertEquals("# Written by eksnode (nvidia/device-plugin-config) from [plugins.nvidia].\n"
        + "version: v1\nflags:\n  migStrategy: single\nsharing:\n  timeSlicing:\n    resources:\n"
        + "    - name: nvidia.com/gpu\n      replicas: 4\n", read(DevicePluginConfigStep.PATH));
  }

  @Test
  void imageInstallsPinnedPackagesOnceAndRecordsTheirVersions() {
    PluginHarness harness = new PluginHarness(root, new NvidiaPlugin())
        .config(ENABLED + "driverBranch = \"580\"\ntoolkitVersion = \"1.17.9\"\n")
        .pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200");

    var first = harness.run(Phase.IMAGE);
    assertEquals(List.of(
        "run dnf module install -y nvidia-driver:580-open",
        "systemctl enable nvidia-persistenced.service",
        "run dnf install -y nvidia-container-toolkit-1.17.9 nvidia-container-toolkit-base-1.17.9"
            + " libnvidia-container-tools-1.17.9 libnvidia-container1-1.17.9"), first.actions());
    assertEquals(Map.of("nvidia-driver-branch", "580", "nvidia-kernel-module", "open"),
        first.contributions(Documents.COMPONENT_VERSIONS).getFirst());
    assertEquals(Map.of("nvidia-container-toolkit", "1.17.9"), first.contributions(Documents.COMPONENT_VERSIONS).get(1));

    var second = harness.run(Phase.IMAGE);
    second.assertNoActions();
    second.expect("nvidia/driver", "unchanged");
    second.expect("nvidia/container-toolkit", "unchanged");

    var upgraded = harness.config(ENABLED + "driverBranch = \"580\"\ntoolkitVersion = \"1.18.0\"\n").run(Phase.IMAGE);
    assertEquals(1, upgraded.actions().size());
    assertTrue(upgraded.actions().getFirst().contains("nvidia-container-toolkit-1.18.0"));
  }

  @Test
  void recordsTheInstalledDriverVersionWhenRpmKnowsIt() {
    var run = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED)
        .file("/usr/bin/rpm", "#!/bin/sh\nprintf 570.86.15\n", true)
        .run(Phase.IMAGE);
    assertEquals(Map.of("nvidia-driver", "570.86.15", "nvidia-driver-branch", "570", "nvidia-kernel-module", "open"),
        run.contributions(Documents.COMPONENT_VERSIONS).getFirst());
  }

  @Test
  void pickTheKernelModuleByGpuGeneration() {
    var v100 = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED)
        .pci("0000:00:1e.0", "0x10de", "0x1db1", "0x030200").run(Phase.IMAGE);
    assertEquals("run dnf module install -y nvidia-driver:570-dkms", v100.actions().getFirst());

    var forced = new PluginHarness(root, new NvidiaPlugin()).config(ENABLED + "kernelModule = \"open\"\n").run(Phase.IMAGE);
    assertEquals("run dnf module install -y nvidia-driver:570-open", forced.actions().getFirst());
  }

  @Test
  void disabledPluginRunsNoStep() {
    var run = gpuNode("0x2237", A10G, 1).config("").run(Phase.BOOT);
    assertTrue(run.report().steps().stream().noneMatch(s -> s.plugin().equals("nvidia")));
  }

  @Test
  void reportsEveryBadSettingWithItsKey() {
    String toml = "[plugins.nvidia]\nenabled = true\ndriverBranch = \"latest\"\ntoolkitVersion = \"new\"\n"
        + "kernelModule = \"closed\"\nmigStrategy = \"all\"\ntimeSlicingReplicas = 0\ndriverBrnch = \"570\"\n";
    var problems = new PluginHarness(root, new NvidiaPlugin()).config(toml).refusal()
        .problems().stream().map(p -> p.key() + ": " + p.message()).sorted().toList();
    assertEquals(List.of(
        "plugins.nvidia.driverBranch: \"latest\" is not a driver branch",
        "plugins.nvidia.driverBrnch: unknown key",
        "plugins.nvidia.kernelModule: \"closed\" is not auto, open or proprietary",
        "plugins.nvidia.migStrategy: \"all\" is not none, single or mixed",
        "plugins.nvidia.timeSlicingReplicas: 0 is not between 1 and 1024",
        "plugins.nvidia.toolkitVersion: \"new\" is not a version"), problems);
  }

  @Test
  void sanitisesLabelValues() {
    assertEquals("NVIDIA-A10G", LabelValues.sanitise("NVIDIA A10G").orElseThrow());
    assertEquals("Tesla-T4", LabelValues.sanitise("  Tesla T4 (rev a1) ").orElseThrow().substring(0, 8));
    assertEquals("NVIDIA-H100-80GB-HBM3", LabelValues.sanitise("NVIDIA H100 80GB HBM3").orElseThrow());
    String longName = "-" + "x".repeat(70) + "-";
    String value = LabelValues.sanitise(longName).orElseThrow();
    assertEquals(63, value.length());
    assertTrue(value.matches("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?"));
    assertTrue(LabelValues.sanitise(" () ").isEmpty());
  }

  @Test
  void namesFamiliesAsGpuFeatureDiscoveryDoes() {
    assertEquals(List.of("volta", "turing", "ampere", "ada-lovelace", "hopper"), Stream.of("7.0", "7.5", "8.6", "8.9", "9.0")
        .map(cc -> GpuQuery.parse("X, 1, " + cc + ", 570.1.2, [N/A]").getFirst().family()).toList());
  }

  private Map<?, ?> cri(PluginHarness.Run run) {
    Map<?, ?> plugins = (Map<?, ?>) run.contributions(Documents.CONTAINERD_CONFIG).getFirst().get("plugins");
    return (Map<?, ?>) plugins.get("io.containerd.grpc.v1.cri");
  }

  private String read(String path) {
    try {
      return Files.readString(root.resolve(path.substring(1)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
