package dev.eksnode.plugins.nvidia;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.plugins.nvidia.NvidiaSettings.KernelModule;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Installs the NVIDIA driver branch with the open or proprietary kernel module and enables persistence
 * mode ({@code nvidia-persistenced}). Installs nothing when the versions manifest already records the
 * same branch and module flavour. Records the branch, the flavour and, when {@code rpm} can tell, the
 * installed driver version.
 */
final class InstallDriverStep implements Step {

  /** The configured branch; what a second image run compares against. */
  static final String BRANCH = "nvidia-driver-branch";
  static final String KERNEL_MODULE = "nvidia-kernel-module";
  /** The installed driver's full version, which {@code eksnode versions} compares with nvidia-smi. */
  static final String DRIVER = "nvidia-driver";
  static final List<String> RPM_QUERY = List.of("rpm", "-q", "--queryformat", "%{VERSION}", "nvidia-driver");

  /**
   * PCI device ids of the NVIDIA GPUs EC2 has offered that predate Turing, which the open kernel module
   * does not support: K520 (g2), K80 (p2), M60 (g3, g3s), V100 PCIe, V100 SXM2 16 and 32 GB (p3, p3dn).
   */
  static final Set<Integer> PRE_TURING = Set.of(0x118a, 0x102d, 0x13f2, 0x1db4, 0x1db1, 0x1db5);

  @Override
  public String id() {
    return "nvidia/driver";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.COMPONENT_VERSIONS);
  }

  @Override
  public Outcome apply(StepContext context) {
    NvidiaSettings settings = context.config(NvidiaSettings.class);
    var host = context.host();
    String flavour = flavour(settings.kernelModule(), PciDevices.nvidiaGpus(host));
    boolean installed =
        VersionsManifest.recorded(host, BRANCH).filter(settings.driverBranch()::equals).isPresent()
            && VersionsManifest.recorded(host, KERNEL_MODULE).filter(flavour::equals).isPresent();
    if (!installed) {
      String stream = "nvidia-driver:" + settings.driverBranch() + ("open".equals(flavour) ? "-open" : "-dkms");
      Commands.run(host, List.of("dnf", "module", "install", "-y", stream));
      host.service(ServiceAction.ENABLE, "nvidia-persistenced.service");
    }
    Map<String, String> versions = new TreeMap<>(Map.of(BRANCH, settings.driverBranch(), KERNEL_MODULE, flavour));
    CommandResult installedVersion = host.probe(RPM_QUERY);
    if (installedVersion.succeeded() && installedVersion.stdout().strip().matches("\\d+\\.\\d+(\\.\\d+)?")) {
      versions.put(DRIVER, installedVersion.stdout().strip());
    }
    context.contribute(Documents.COMPONENT_VERSIONS, versions);
    return Outcome.done();
  }

  /** {@code open} or {@code proprietary}: as configured, or for AUTO proprietary only when a pre-Turing GPU is present. */
  static String flavour(KernelModule configured, List<PciDevices.Device> gpus) {
    return switch (configured) {
      case OPEN -> "open";
      case PROPRIETARY -> "proprietary";
      case AUTO -> gpus.stream().anyMatch(gpu -> PRE_TURING.contains(gpu.device())) ? "proprietary" : "open";
    };
  }
}
