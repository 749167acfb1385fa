package dev.eksnode.plugins.nvidia;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes containerd's default runtime {@code nvidia} (runc through {@code nvidia-container-runtime}) on a
 * node with an NVIDIA GPU, and turns on CDI where the kubelet passes CDI devices to the runtime
 * (1.29 and later, where {@code DevicePluginCDIDevices} is on by default), generating the CDI spec.
 */
final class ContainerRuntimeStep implements Step {

  static final String RUNTIME_BINARY = "/usr/bin/nvidia-container-runtime";
  static final String CDI_SPEC = "/etc/cdi/nvidia.yaml";
  static final String CRI = "io.containerd.grpc.v1.cri";

  /**
   * The base runtime spec {@code core/containerd-config} writes and gives the default runc runtime.
   * The nvidia runtime becomes the default, so it must start from the same spec or pods lose its
   * rlimits (open files, EFA's locked memory).
   */
  static final String BASE_RUNTIME_SPEC = "/etc/containerd/base-runtime-spec.json";

  @Override
  public String id() {
    return "nvidia/container-runtime";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(NodeFacts.KUBELET_VERSION);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.CONTAINERD_CONFIG);
  }

  @Override
  public Outcome apply(StepContext context) {
    var host = context.host();
    if (PciDevices.nvidiaGpus(host).isEmpty()) {
      return Outcome.skipped("no NVIDIA device");
    }
    if (!host.exists(RUNTIME_BINARY)) {
      return Outcome.skipped("no " + RUNTIME_BINARY + " (build the image with plugins.nvidia enabled)");
    }
    boolean cdi = cdiSupported(context.requireFact(NodeFacts.KUBELET_VERSION));
    if (cdi) {
      Commands.run(host, List.of("nvidia-ctk", "cdi", "generate", "--output=" + CDI_SPEC));
    }
    context.contribute(Documents.CONTAINERD_CONFIG, containerdConfig(cdi));
    return Outcome.done();
  }

  static boolean cdiSupported(KubeletVersion kubelet) {
    return kubelet.atLeast(1, 29);
  }

  /** The containerd (config version 2) tables this step adds. */
  static Map<String, Object> containerdConfig(boolean cdi) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("BinaryName", RUNTIME_BINARY);
    options.put("SystemdCgroup", true);
    Map<String, Object> nvidia = new LinkedHashMap<>();
    nvidia.put("runtime_type", "io.containerd.runc.v2");
    nvidia.put("base_runtime_spec", BASE_RUNTIME_SPEC);
    nvidia.put("privileged_without_host_devices", false);
    nvidia.put("options", options);
    Map<String, Object> containerd = new LinkedHashMap<>();
    containerd.put("default_runtime_name", "nvidia");
    containerd.put("runtimes", Map.of("nvidia", nvidia));
    Map<String, Object> cri = new LinkedHashMap<>();
    cri.put("containerd", containerd);
    if (cdi) {
      cri.put("enable_cdi", true);
      cri.put("cdi_spec_dirs", List.of("/etc/cdi", "/var/run/cdi"));
    }
    return Map.of("plugins", Map.of(CRI, cri));
  }
}
