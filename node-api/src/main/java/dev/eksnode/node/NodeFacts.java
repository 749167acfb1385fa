package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;
import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import dev.eksnode.spi.FactKey;

/**
 * The facts of an EKS node that plugins share, published at boot. A step that reads one declares it
 * ({@code reads()}, or {@code readsIfPresent()} when it copes without it), and the kernel runs it after
 * the step that publishes it. The core plugin publishes the instance, the cluster, the kubelet version,
 * maxPods and the kubelet's files; the proxy and instance-store plugins, when enabled, publish the
 * proxy settings and the local storage.
 */
@API(status = STABLE, since = "0.1.0")
public final class NodeFacts {

  /** The instance, from instance metadata. */
  public static final FactKey<InstanceInfo> INSTANCE = FactKey.of("core.instance", InstanceInfo.class);

  /** The cluster the node joins, completed (service CIDR, cluster DNS IP, IP family). */
  public static final FactKey<ClusterInfo> CLUSTER = FactKey.of("core.cluster", ClusterInfo.class);

  /** The kubelet's version. */
  public static final FactKey<KubeletVersion> KUBELET_VERSION =
      FactKey.of("core.kubelet-version", KubeletVersion.class);

  /** The maxPods value in force. */
  public static final FactKey<Integer> MAX_PODS = FactKey.of("core.max-pods", Integer.class);

  /**
   * Where the kubelet's configuration, kubeconfig and CA are, published once all three are written:
   * a step that checks them reads this fact.
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final FactKey<KubeletFiles> KUBELET_FILES = FactKey.of("core.kubelet-files", KubeletFiles.class);

  /**
   * The proxy eksnode's own AWS API calls use, when the node has one. Read it if present: the plugin
   * that publishes it may be off. Never used for instance metadata.
   */
  public static final FactKey<ProxySettings> PROXY = FactKey.of("proxy.settings", ProxySettings.class);

  /**
   * The instance-store volumes mounted at boot and the directories moved onto them, when the node
   * has them. Read it if present: a step that writes under one of those directories (or starts a
   * service that does) runs after the mounts.
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final FactKey<LocalStorage> LOCAL_STORAGE = FactKey.of("instance-store.local-storage", LocalStorage.class);

  private NodeFacts() {}
}
