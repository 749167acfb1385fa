package dev.eksnode.plugins.outposts;

import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletVariant;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the core kubelet steps for the local-cluster variant ({@link KubeletVariant}): a token by
 * cluster id, written as the bootstrap kubeconfig the kubelet trades for its client certificate, and
 * the kubelet configuration where {@code kubeletConfigPath} says, when set.
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

  /** Read if present, not required: see {@link ResolveApiServerStep#readsIfPresent()}. */
  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.INSTANCE, NodeFacts.CLUSTER);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.KUBELET_VARIANT);
  }

  @Override
  public Outcome apply(StepContext context) {
    OutpostsConfig config = context.config(OutpostsConfig.class);
    return switch (config.decide(context)) {
      case OutpostsConfig.Skip skip -> Outcome.skipped(skip.reason());
      case OutpostsConfig.Join join -> {
        context.contribute(Documents.KUBELET_VARIANT,
            new KubeletVariant(Optional.of(join.clusterId()), true, config.kubeletConfigPath()));
        yield Outcome.done();
      }
    };
  }
}
