package dev.eksnode.plugins.core.maxpods;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What max pods and reserved resources are computed from for one EC2 instance type.
 *
 * @param instanceType e.g. {@code m5.large}
 * @param vcpus default vCPUs, empty when the table does not hold them (the node then counts its own)
 * @param memoryMiB memory in MiB, empty when the table does not hold it
 * @param maximumNetworkInterfaces ENIs of the default network card (EC2 {@code NetworkInfo})
 * @param ipv4AddressesPerInterface IPv4 addresses per ENI
 * @param hypervisor {@code nitro}, {@code xen}, or empty for bare metal
 */
public record InstanceTypeLimits(
    String instanceType,
    OptionalInt vcpus,
    OptionalLong memoryMiB,
    int maximumNetworkInterfaces,
    int ipv4AddressesPerInterface,
    String hypervisor) {

  public InstanceTypeLimits {
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(vcpus, "vcpus");
    Objects.requireNonNull(memoryMiB, "memoryMiB");
    Objects.requireNonNull(hypervisor, "hypervisor");
  }

  /** Limits with every value known, as EC2 {@code DescribeInstanceTypes} gives them. */
  public InstanceTypeLimits(
      String instanceType, int vcpus, long memoryMiB, int maximumNetworkInterfaces, int ipv4AddressesPerInterface, String hypervisor) {
    this(instanceType, OptionalInt.of(vcpus), OptionalLong.of(memoryMiB), maximumNetworkInterfaces, ipv4AddressesPerInterface, hypervisor);
  }

  /**
   * Whether prefix delegation works here: Nitro instances, and bare metal (which EC2 reports with no
   * hypervisor) of Nitro generations.
   */
  public boolean nitro() {
    return hypervisor.equals("nitro") || hypervisor.isEmpty();
  }

  /** These limits with {@code count} vCPUs. */
  public InstanceTypeLimits withVcpus(int count) {
    return new InstanceTypeLimits(instanceType, OptionalInt.of(count), memoryMiB, maximumNetworkInterfaces, ipv4AddressesPerInterface, hypervisor);
  }
}
