package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import java.net.URI;
import java.util.Optional;

/**
 * The cluster the node joins, as configured and completed at boot. Published by the core plugin as
 * {@link NodeFacts#CLUSTER}.
 *
 * @param name the EKS cluster name
 * @param apiServerEndpoint the API server URL
 * @param serviceCidr the Kubernetes service CIDR, e.g. {@code 10.100.0.0/16}
 * @param clusterDns the cluster DNS IP the kubelet hands pods
 * @param ipFamily {@code ipv4} or {@code ipv6}
 * @param outpostClusterId the cluster id of an Outpost local cluster, when the node joins one
 */
@API(status = STABLE, since = "0.1.0")
public record ClusterInfo(
    String name,
    URI apiServerEndpoint,
    String serviceCidr,
    String clusterDns,
    String ipFamily,
    Optional<String> outpostClusterId) {

  public boolean ipv6() {
    return "ipv6".equals(ipFamily);
  }
}
