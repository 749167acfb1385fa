package dev.eksnode.plugins.core.node;

import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;

/**
 * Checks, before any step writes, that the merged configuration names the cluster a node joins: its
 * name, API server endpoint and CA (eksnode makes no EKS API call at boot), and a service CIDR when the
 * cluster is IPv6 (an IPv4 one's comes from the VPC). Reports every missing value at once, located.
 */
public final class CheckClusterStep implements Step {

  public static final String ID = "core/check-cluster";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public boolean checksOnly() {
    return true;
  }

  @Override
  public boolean checksOffline() {
    return true;
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings.Cluster cluster = context.config(NodeSettings.class).cluster();
    if (cluster.name().isEmpty()) {
      missing(context, "cluster.name", "spec.cluster.name", "the EKS cluster's name");
    }
    if (cluster.apiServerEndpoint().isEmpty()) {
      missing(context, "cluster.apiServerEndpoint", "spec.cluster.apiServerEndpoint",
          "the cluster's endpoint, e.g. https://ABCDEF.gr7.us-west-2.eks.amazonaws.com");
    }
    if (cluster.certificateAuthority().isEmpty()) {
      missing(context, "cluster.certificateAuthority", "spec.cluster.certificateAuthority",
          "the cluster's certificateAuthority.data, base64 as the EKS API gives it");
    }
    if (cluster.serviceCidr().isEmpty() && cluster.ipFamily().map("ipv6"::equals).orElse(false)) {
      context.configProblem("cluster.serviceCidr",
          "is not set, and cluster.ipFamily is ipv6: an IPv6 cluster's DNS address comes from its service CIDR",
          "set cluster.serviceCidr (spec.cluster.cidr in a NodeConfig)", ConfigProblem.Severity.ERROR);
    }
    return Outcome.done();
  }

  private static void missing(StepContext context, String key, String nodeConfigKey, String what) {
    context.configProblem(key, "is not set; a node needs it to join (eksnode looks nothing up in the EKS API)",
        "set " + key + " (" + nodeConfigKey + " in a NodeConfig): " + what, ConfigProblem.Severity.ERROR);
  }
}
