package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/**
 * The facts published at boot (by the core plugin; the proxy settings by the proxy plugin), which
 * other plugins read. A step reading one requires the core step that publishes it (named in each
 * constant's comment).
 */
@API(status = STABLE, since = "0.1.0")
public final class NodeFacts {

  /** The instance; published by {@code core/instance-data}. */
  public static final FactKey<InstanceInfo> INSTANCE = FactKey.of("core.instance", InstanceInfo.class);

  /** The cluster; published by {@code core/cluster}. */
  public static final FactKey<ClusterInfo> CLUSTER = FactKey.of("core.cluster", ClusterInfo.class);

  /** The kubelet version; published by {@code core/kubelet-version}. */
  public static final FactKey<KubeletVersion> KUBELET_VERSION =
      FactKey.of("core.kubelet-version", KubeletVersion.class);

  /** The maxPods value in force; published by {@code core/max-pods}. */
  public static final FactKey<Integer> MAX_PODS = FactKey.of("core.max-pods", Integer.class);

  /**
   * The proxy eksnode's own AWS API calls use; published by {@code proxy/environment} when the proxy
   * plugin is enabled. Optional: read it with {@link StepContext#fact} and order {@code after} that
   * step rather than requiring it. Never used for instance metadata.
   */
  public static final FactKey<ProxySettings> PROXY = FactKey.of("proxy.settings", ProxySettings.class);

  private NodeFacts() {}
}
