package dev.eksnode.plugins.core;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Set;

/**
 * Writes the kubelet's kubeconfig: the API server, the CA file and the {@code aws eks get-token}
 * exec credential plugin.
 */
final class WriteKubeconfigStep implements Step {

  static final String PATH = "/var/lib/kubelet/kubeconfig";

  @Override
  public String id() {
    return "core/kubeconfig";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<String> requires() {
    return Set.of("core/cluster-ca");
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings.Cluster cluster = context.config(NodeSettings.class).cluster();
    if (cluster.apiServerEndpoint().isEmpty() || cluster.name().isEmpty()) {
      return Outcome.skipped("no cluster.name and cluster.apiServerEndpoint configured");
    }
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kubernetes
          cluster:
            certificate-authority: %s
            server: %s
        contexts:
        - name: kubelet
          context:
            cluster: kubernetes
            user: kubelet
        current-context: kubelet
        users:
        - name: kubelet
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args:
              - eks
              - get-token
              - --cluster-name
              - %s
        """
            .formatted(WriteClusterCaStep.PATH, cluster.apiServerEndpoint().get(), cluster.name().get());
    context.host().writeString(PATH, kubeconfig, 0600);
    return Outcome.done();
  }
}
