package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node's kubelet deviates from a standard join: the Outposts hook. The outposts plugin (and the
 * core plugin itself, for {@code cluster.enableOutpost}) contributes one to {@link
 * Documents#KUBELET_VARIANT}; the core plugin's kubeconfig, kubelet-config and kubelet-service steps
 * follow it.
 *
 * @param clusterId authenticate with {@code aws eks get-token --cluster-id <id>} (an Outpost local
 *     cluster) instead of {@code --cluster-name <name>}
 * @param bootstrapKubeconfig write the kubeconfig as a bootstrap kubeconfig and pass {@code
 *     --bootstrap-kubeconfig}, so the kubelet obtains its own client certificate
 * @param kubeletConfigPath where the kubelet's main configuration file lives, instead of {@code
 *     /etc/kubernetes/kubelet/config.json}; its drop-in directory is this path plus {@code .d}
 */
@API(status = STABLE, since = "0.1.0")
public record KubeletVariant(Optional<String> clusterId, boolean bootstrapKubeconfig, Optional<String> kubeletConfigPath) {

  /** The standard join: cluster name, a plain kubeconfig, the default config location. */
  public static final KubeletVariant STANDARD = new KubeletVariant(Optional.empty(), false, Optional.empty());

  public KubeletVariant {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(kubeletConfigPath, "kubeletConfigPath");
    kubeletConfigPath.ifPresent(
        path -> {
          if (!path.startsWith("/")) {
            throw new IllegalArgumentException("kubeletConfigPath must be absolute: " + path);
          }
        });
  }

  /** The variant of an Outpost local cluster: authenticate with its id through a bootstrap kubeconfig. */
  public static KubeletVariant outpost(String clusterId) {
    return new KubeletVariant(Optional.of(clusterId), true, Optional.empty());
  }

  /** This variant with {@code later} laid over it: later present values win, bootstrap is kept once asked for. */
  public KubeletVariant overriddenBy(KubeletVariant later) {
    return new KubeletVariant(
        later.clusterId.or(() -> clusterId),
        bootstrapKubeconfig || later.bootstrapKubeconfig,
        later.kubeletConfigPath.or(() -> kubeletConfigPath));
  }
}
