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

  /** The most vCPUs an instance type is taken to have; EC2's largest have under a thousand. */
  public static final int MAX_VCPUS = 8192;

  /** The most ENIs, and IPv4 addresses per ENI, an instance type is taken to have; EC2's largest have about a hundred. */
  public static final int MAX_INTERFACES = 1024;

  /** The most memory an instance type is taken to have, in MiB: 128 TiB. */
  public static final long MAX_MEMORY_MIB = 128L * 1024 * 1024;

  /**
   * @throws IllegalArgumentException naming the value when a number is outside what any EC2 instance type
   *     has (these come from the EC2 API and the image's table: numbers from outside, range-checked before
   *     any arithmetic)
   */
  public InstanceTypeLimits {
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(vcpus, "vcpus");
    Objects.requireNonNull(memoryMiB, "memoryMiB");
    Objects.requireNonNull(hypervisor, "hypervisor");
    vcpus.ifPresent(value -> check("vcpus", value, MAX_VCPUS));
    memoryMiB.ifPresent(value -> check("memoryMiB", value, MAX_MEMORY_MIB));
    check("maximumNetworkInterfaces", maximumNetworkInterfaces, MAX_INTERFACES);
    check("ipv4AddressesPerInterface", ipv4AddressesPerInterface, MAX_INTERFACES);
  }

  private static void check(String field, long value, long max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(field + " " + value + " is outside 1.." + max);
    }
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
