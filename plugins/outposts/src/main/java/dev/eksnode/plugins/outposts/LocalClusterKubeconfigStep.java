package dev.eksnode.plugins.outposts;

import dev.eksnode.spi.Documents;
import dev.eksnode.spi.KubeconfigVariant;
import dev.eksnode.spi.NodeFacts;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the kubeconfig renderer for the local-cluster variant: a token by cluster id, written as the
 * bootstrap kubeconfig the kubelet trades for its client certificate.
 */
final class LocalClusterKubeconfigStep implements Step {

  @Override
  public String id() {
    return "outposts/kubeconfig";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<String> requires() {
    return Set.of("core/instance-data", "core/cluster");
  }

  @Override
  public Set<String> before() {
    return Set.of(Documents.KUBECONFIG_VARIANT.renderedBy(), "core/kubelet-service");
  }

  @Override
  public Outcome apply(StepContext context) {
    OutpostsConfig config = context.config(OutpostsConfig.class);
    return switch (config.decide(context.requireFact(NodeFacts.INSTANCE), context.requireFact(NodeFacts.CLUSTER))) {
      case OutpostsConfig.Skip skip -> Outcome.skipped(skip.reason());
      case OutpostsConfig.Join join -> {
        context.contribute(Documents.KUBECONFIG_VARIANT, new KubeconfigVariant(Optional.of(join.clusterId()), true));
        yield Outcome.done();
      }
    };
  }
}
