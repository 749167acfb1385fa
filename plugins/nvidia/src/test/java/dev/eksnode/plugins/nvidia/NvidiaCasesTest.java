package dev.eksnode.plugins.nvidia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the conformance cases expect, checked against FACTS.md and the "done when": the kit's
 * golden rule proves a run leaves exactly {@code expected/}, this proves {@code expected/} is right.
 */
class NvidiaCasesTest {

  private static final Path CASES = Path.of("src/test/tck/cases");
  private static final Pattern NODE_LABELS = Pattern.compile("--node-labels=(\\S+)");

  private static String expected(String name, String path) throws IOException {
    return Files.readString(CASES.resolve(name).resolve("expected").resolve(path.substring(1)));
  }

  /** The labels the case's kubelet drop-in sets, sorted; empty when it sets none. */
  private static Map<String, String> labels(String name) throws IOException {
    Map<String, String> labels = new TreeMap<>();
    Matcher flag = NODE_LABELS.matcher(expected(name, "/etc/systemd/system/kubelet.service.d/10-eksnode.conf"));
    if (flag.find()) {
      for (String label : flag.group(1).split(",")) {
        String[] parts = label.split("=", 2);
        labels.put(parts[0], parts[1]);
      }
    }
    return labels;
  }

  /** The labels named {@code nvidia.com/<name>}. */
  private static Map<String, String> only(Map<String, String> labels, String... names) {
    Map<String, String> kept = new TreeMap<>();
    for (String name : names) {
      kept.put("nvidia.com/" + name, labels.get("nvidia.com/" + name));
    }
    return kept;
  }

  private static String containerd(String name) throws IOException {
    return expected(name, "/etc/containerd/config.toml");
  }

  private static String actions(String name) throws IOException {
    return Files.readString(CASES.resolve(name).resolve("expected-actions.txt"));
  }

  @Test
  void aG5XlargeGetsTheNvidiaRuntimeAsDefaultAndTheGfdLabels() throws IOException {
    String config = containerd("g5-boot");
    assertTrue(config.contains("default_runtime_name = \"nvidia\""), config);
    assertTrue(config.contains("BinaryName = \"/usr/bin/nvidia-container-runtime\""), config);
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("nvidia.com/gpu.present", "true"), Map.entry("nvidia.com/gpu.product", "NVIDIA-A10G"),
        Map.entry("nvidia.com/gpu.count", "1"), Map.entry("nvidia.com/gpu.memory", "23028"),
        Map.entry("nvidia.com/gpu.family", "ampere"), Map.entry("nvidia.com/gpu.compute.major", "8"),
        Map.entry("nvidia.com/gpu.compute.minor", "6"), Map.entry("nvidia.com/cuda.driver.major", "550"),
        Map.entry("nvidia.com/cuda.driver.minor", "127"), Map.entry("nvidia.com/cuda.driver.rev", "05"),
        Map.entry("nvidia.com/gpu.machine", "g5.xlarge"), Map.entry("nvidia.com/mig.capable", "false"),
        Map.entry("nvidia.com/gpu.replicas", "1"), Map.entry("nvidia.com/gpu.sharing-strategy", "none")));
    assertEquals(expected, labels("g5-boot"));
  }

  @Test
  void eightA100sAreCountedAndNamedAsOneProduct() throws IOException {
    assertEquals(Map.of("nvidia.com/gpu.count", "8", "nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB",
        "nvidia.com/gpu.memory", "40960", "nvidia.com/mig.capable", "true", "nvidia.com/gpu.machine", "p4d.24xlarge"),
        only(labels("p4d-boot"), "gpu.count", "gpu.product", "gpu.memory", "mig.capable", "gpu.machine"));
  }

  @Test
  void anM5LargeGetsNoNvidiaRuntimeAndNoGpuLabel() throws IOException {
    assertFalse(containerd("m5-large-boot").contains("nvidia"), containerd("m5-large-boot"));
    assertEquals(Map.of(), labels("m5-large-boot"));
    assertFalse(actions("m5-large-boot").contains("nvidia"), actions("m5-large-boot"));
  }

  @Test
  void cdiIsOnFromKubelet129AndOffBelow() throws IOException {
    for (String name : new String[] {"g5-kubelet-1-29", "g5-boot"}) {
      assertTrue(containerd(name).contains("enable_cdi = true"), name);
      assertTrue(actions(name).contains("run nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"), name);
    }
    assertFalse(containerd("g5-kubelet-1-28").contains("cdi"), containerd("g5-kubelet-1-28"));
    assertFalse(actions("g5-kubelet-1-28").contains("nvidia-ctk"), actions("g5-kubelet-1-28"));
    assertTrue(containerd("g5-kubelet-1-28").contains("default_runtime_name = \"nvidia\""));
  }

  @Test
  void timeSlicingMarksTheProductShared() throws IOException {
    assertEquals(Map.of("nvidia.com/gpu.product", "NVIDIA-A10G-SHARED", "nvidia.com/gpu.replicas", "4",
        "nvidia.com/gpu.sharing-strategy", "time-slicing"),
        only(labels("g5-time-slicing"), "gpu.product", "gpu.replicas", "gpu.sharing-strategy"));
  }
}
