package dev.eksnode.plugins.core.maxpods;

import java.util.Objects;

/**
 * What max pods and reserved resources are computed from for one EC2 instance type.
 *
 * @param instanceType e.g. {@code m5.large}
 * @param vcpus default vCPUs
 * @param memoryMiB memory in MiB
 * @param maximumNetworkInterfaces ENIs of the default network card (EC2 {@code NetworkInfo})
 * @param ipv4AddressesPerInterface IPv4 addresses per ENI
 * @param hypervisor {@code nitro}, {@code xen}, or empty for bare metal
 */
public record InstanceTypeLimits(
    String instanceType,
    int vcpus,
    long memoryMiB,
    int maximumNetworkInterfaces,
    int ipv4AddressesPerInterface,
    String hypervisor) {

  public InstanceTypeLimits {
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(hypervisor, "hypervisor");
  }

  /**
   * Whether prefix delegation works here: Nitro instances, and bare metal (which EC2 reports with no
   * hypervisor) of Nitro generations.
   */
  public boolean nitro() {
    return hypervisor.equals("nitro") || hypervisor.isEmpty();
  }
}
