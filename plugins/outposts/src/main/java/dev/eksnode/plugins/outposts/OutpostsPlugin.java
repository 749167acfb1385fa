package dev.eksnode.plugins.outposts;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/**
 * Joins a node to an EKS local cluster on AWS Outposts: pins the API server's addresses in {@code
 * /etc/hosts} and has the kubelet authenticate by cluster id with a bootstrap kubeconfig. On by
 * default; its steps skip unless the node is on an Outpost and joins a local cluster.
 */
public final class OutpostsPlugin implements Plugin {

  @Override
  public String id() {
    return "outposts";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "Outpost local clusters: API server /etc/hosts lines and the cluster-id bootstrap kubeconfig.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  /** On by default, so a node on an Outpost needs no configuration; {@code enabled = false} turns it off. */
  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return OutpostsConfig.bind(config.section("plugins.outposts"));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return OutpostsConfig.CONFIG_KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(new ResolveApiServerStep(), new LocalClusterKubeconfigStep());
  }
}
