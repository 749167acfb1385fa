package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import dev.eksnode.tck.internal.RootLibrary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The base roots shipped with the kit: directory trees standing in for an Amazon Linux 2023 EKS
 * node's filesystem, each with the instance description the metadata emulator serves for it. A case
 * names one in {@code case.toml} and adds its own {@code input/} on top.
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
 *   <li>{@code eks-al2023}: the emulators' {@code NodeRoots.AL2023}, an AL2023 EKS image after {@code
 *       eksnode image build} (the baked instance-type table, containerd in the runtime slice), without
 *       {@code /proc} and {@code /sys} and without an instance description: a case brings its
 *       {@code instance.json}. The core plugin's cases run over it.
 * </ul>
 */
@API(status = STABLE, since = "0.1.0")
public final class BaseRoots {

  /** The names of the shipped base roots. */
  public static final List<String> NAMES = RootLibrary.SHIPPED;

  private static final RootLibrary LIBRARY = new RootLibrary(Optional.empty());

  private BaseRoots() {}

  /** Creates the named root's files under {@code directory}, with their modes. */
  public static void materialize(String name, Path directory) {
    LIBRARY.tree(name).materialize(directory);
  }

  /** The instance description the metadata emulator serves for the named root. */
  public static String instanceJson(String name) {
    return LIBRARY.instanceJson(name);
  }
}
