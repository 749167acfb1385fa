package dev.eksnode.plugins.nfdlabels;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/**
 * Node Feature Discovery's common labels, computed at boot from the root, so pods can be scheduled
 * on CPU, kernel, OS, PCI, storage and NUMA features before any NFD DaemonSet runs.
 */
public final class NfdLabelsPlugin implements Plugin {

  @Override
  public String id() {
    return "nfd-labels";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "Node Feature Discovery labels computed at boot from the root (CPU, kernel, OS, PCI, storage, NUMA).";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return NfdLabelsConfig.bind(config.section("plugins.nfd-labels"));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return NfdLabelsConfig.CONFIG_KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(new FeatureLabelsStep());
  }
}
