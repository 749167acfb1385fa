package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the kubelet's files are on this node, as written at boot: published as {@link
 * NodeFacts#KUBELET_FILES} when they are in place.
 *
 * @param config the main configuration file, e.g. {@code /etc/kubernetes/kubelet/config.json}
 * @param configDropIns the drop-in directory the kubelet reads after it ({@code --config-dir}), when
 *     this kubelet reads drop-ins
 * @param kubeconfig the kubeconfig the kubelet starts with (the bootstrap one on an Outpost local cluster)
 * @param clusterCa the cluster's CA certificate
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record KubeletFiles(String config, Optional<String> configDropIns, String kubeconfig, String clusterCa) {
  public KubeletFiles {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(configDropIns, "configDropIns");
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(clusterCa, "clusterCa");
  }
}
