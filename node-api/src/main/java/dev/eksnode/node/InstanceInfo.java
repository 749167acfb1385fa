package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node knows about its EC2 instance, from instance metadata (and EC2 where metadata cannot
 * tell). Published by the core plugin as {@link NodeFacts#INSTANCE}.
 *
 * @param instanceId e.g. {@code i-0123456789abcdef0}
 * @param instanceType e.g. {@code m5.large}
 * @param region e.g. {@code us-west-2}
 * @param availabilityZone e.g. {@code us-west-2a}
 * @param localIpv4 the primary private IPv4 address
 * @param ipv6 the first IPv6 address of the primary interface, when it has one
 * @param mac the primary interface's MAC address
 * @param privateDnsName e.g. {@code ip-10-0-1-23.us-west-2.compute.internal}
 * @param dnsSuffix the partition's DNS suffix ({@code amazonaws.com}, {@code amazonaws.com.cn}, ...)
 * @param vpcIpv4Cidrs the VPC's IPv4 CIDR blocks
 * @param vpcIpv6Cidrs the VPC's IPv6 CIDR blocks; empty when the VPC has none
 * @param outpostArn the Outpost the instance runs on, when it does
 * @param instanceStoreDevices the instance-store entries of metadata's {@code block-device-mapping/},
 *     name to device as metadata gives it ({@code ephemeral0 -> sdb}), in number order; only the
 *     {@code ephemeralN} entries are read. Metadata reflects the launch's block device mapping, which
 *     need not name NVMe instance-store disks: sysfs is the better source for those
 */
@API(status = STABLE, since = "0.1.0")
public record InstanceInfo(
    String instanceId,
    String instanceType,
    String region,
    String availabilityZone,
    String localIpv4,
    Optional<String> ipv6,
    String mac,
    String privateDnsName,
    String dnsSuffix,
    List<String> vpcIpv4Cidrs,
    List<String> vpcIpv6Cidrs,
    Optional<String> outpostArn,
    Map<String, String> instanceStoreDevices) {
  public InstanceInfo {
    vpcIpv4Cidrs = List.copyOf(vpcIpv4Cidrs);
    vpcIpv6Cidrs = List.copyOf(vpcIpv6Cidrs);
    instanceStoreDevices = Collections.unmodifiableMap(new LinkedHashMap<>(instanceStoreDevices));
  }
}
