package dev.eksnode.plugins.core.node;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.core.config.Cidr;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Optional;
import java.util.Set;

/**
 * Completes the configured cluster (service CIDR, cluster DNS IP, IP family) and publishes it as
 * {@link NodeFacts#CLUSTER}. Makes no EKS API call: {@link CheckClusterStep} has checked that name and
 * endpoint are configured. Changes nothing, so it runs with the checks, before any step writes.
 */
public final class ResolveClusterStep implements Step {

  public static final String ID = "core/cluster";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(NodeFacts.INSTANCE);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.CLUSTER);
  }

  @Override
  public Set<String> requires() {
    return Set.of(CheckClusterStep.ID);
  }

  @Override
  public boolean checksOnly() {
    return true;
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings.Cluster cluster = context.config(NodeSettings.class).cluster();
    InstanceInfo instance = context.requireFact(NodeFacts.INSTANCE);
    Cidr serviceCidr;
    if (cluster.serviceCidr().isPresent()) {
      serviceCidr = cluster.serviceCidr().get();
    } else {
      serviceCidr = Cidr.parse(ClusterDns.defaultServiceCidr(instance.vpcIpv4Cidrs())).orElseThrow();
    }
    ClusterInfo info =
        new ClusterInfo(
            cluster.name().get(),
            cluster.apiServerEndpoint().get(),
            serviceCidr.network().getAddress().length == 16
                ? ClusterDns.format(serviceCidr.network()) + "/" + serviceCidr.prefix()
                : serviceCidr.toString(),
            ClusterDns.of(serviceCidr),
            serviceCidr.ipv6() ? "ipv6" : "ipv4",
            cluster.enableOutpost() ? cluster.id() : Optional.empty());
    context.publish(NodeFacts.CLUSTER, info);
    return Outcome.done();
  }
}
