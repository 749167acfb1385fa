package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.KubeletVariant;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.JsonText;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Set;

/**
 * Writes the kubelet's kubeconfig (0600): the API server, the CA file and the {@code aws eks
 * get-token} exec credential plugin. Renders the {@link dev.eksnode.node.Documents#KUBELET_VARIANT}
 * hook: an Outpost local cluster authenticates with {@code --cluster-id} through a bootstrap
 * kubeconfig.
 */
public final class WriteKubeconfigStep implements Step {

  static final String ID = "core/kubeconfig";

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
    return Set.of(NodeFacts.CLUSTER, NodeFacts.INSTANCE);
  }

  /** The kubeconfig goes under {@code /var/lib/kubelet}, which the instance store may hold. */
  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.LOCAL_STORAGE);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(KubeletLayout.VARIANT);
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.KUBELET_VARIANT);
  }

  @Override
  public Set<String> requires() {
    return Set.of(WriteClusterCaStep.ID);
  }

  @Override
  public Outcome apply(StepContext context) {
    ClusterInfo cluster = context.requireFact(NodeFacts.CLUSTER);
    InstanceInfo instance = context.requireFact(NodeFacts.INSTANCE);
    KubeletVariant variant = KubeletLayout.variant(context);
    context.publish(KubeletLayout.VARIANT, variant);
    String path = variant.bootstrapKubeconfig() ? KubeletLayout.BOOTSTRAP_KUBECONFIG : KubeletLayout.KUBECONFIG;
    context.host().writeString(path, render(cluster, instance.region(), variant), 0600);
    return Outcome.done();
  }

  static String render(ClusterInfo cluster, String region, KubeletVariant variant) {
    String flag = variant.clusterId().isPresent() ? "--cluster-id" : "--cluster-name";
    String clusterRef = variant.clusterId().orElse(cluster.name());
    return """
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
              - %s
              - %s
              - --region
              - %s
        """
        .formatted(
            WriteClusterCaStep.PATH, yaml(cluster.apiServerEndpoint().toString()), flag, yaml(clusterRef), yaml(region));
  }

  /** A YAML scalar: plain when it is safe, else a JSON string (which YAML reads the same). */
  static String yaml(String value) {
    if (value.matches("[A-Za-z0-9][A-Za-z0-9._/:-]*") && !value.matches("(?i)true|false|yes|no|on|off|null|~|[0-9.eE+-]+")) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    JsonText.quote(out, value);
    return out.toString();
  }
}
