package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;

/** Writes the cluster CA the kubelet trusts to {@code /etc/kubernetes/pki/ca.crt} (0644). */
public final class WriteClusterCaStep implements Step {

  static final String ID = "core/cluster-ca";
  static final String PATH = "/etc/kubernetes/pki/ca.crt";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Outcome apply(StepContext context) {
    var ca = context.config(NodeSettings.class).cluster().certificateAuthority();
    if (ca.isEmpty()) {
      throw new EksnodeException(
          "cluster.certificateAuthority is not configured; eksnode does not look the cluster up (no EKS API call at boot)");
    }
    context.host().write(PATH, ca.get(), 0644);
    return Outcome.done();
  }
}
