package dev.eksnode.spi;

import java.util.List;
import java.util.Optional;

/**
 * What the node knows about its EC2 instance, from instance metadata (and EC2 where metadata cannot
 * tell). Published by the core plugin as {@link NodeFacts#INSTANCE}. Stable API.
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
 * @param outpostArn the Outpost the instance runs on, when it does
 */
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
    Optional<String> outpostArn) {
  public InstanceInfo {
    vpcIpv4Cidrs = List.copyOf(vpcIpv4Cidrs);
  }
}
