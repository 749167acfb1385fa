package dev.eksnode.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * How the kubelet's kubeconfig differs from the standard one, contributed to {@link
 * Documents#KUBECONFIG_VARIANT} (by the outposts plugin for an Outpost local cluster). Stable API.
 *
 * @param clusterId when present, the token is requested with {@code aws eks get-token --cluster-id
 *     <id>} instead of {@code --cluster-name}
 * @param bootstrap when true the kubeconfig is written as {@link #BOOTSTRAP_PATH} and the kubelet gets
 *     {@code --bootstrap-kubeconfig} with it and {@code --kubeconfig} with {@link #KUBECONFIG_PATH},
 *     which the kubelet writes itself once its client certificate is issued
 */
public record KubeconfigVariant(Optional<String> clusterId, boolean bootstrap) {

  /** Where the bootstrap kubeconfig goes. */
  public static final String BOOTSTRAP_PATH = "/var/lib/kubelet/bootstrap-kubeconfig";

  /** The kubelet's own kubeconfig. */
  public static final String KUBECONFIG_PATH = "/var/lib/kubelet/kubeconfig";

  public KubeconfigVariant {
    Objects.requireNonNull(clusterId, "clusterId");
  }
}
