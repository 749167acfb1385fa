package dev.eksnode.plugins.efa;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/** Elastic Fabric Adapter nodes: EFA software and limits at image build, container limits and a label at boot. */
public final class EfaPlugin implements Plugin {

  /**
   * How many EFA devices the node has (0 when none); published by {@code efa/devices} at boot. Other
   * plugins cannot depend on this class: they read the fact by this name and type, ordered after
   * {@code efa/devices}.
   */
  public static final FactKey<Integer> DEVICE_COUNT = FactKey.of("efa.device-count", Integer.class);

  @Override
  public String id() {
    return "efa";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "Elastic Fabric Adapter nodes: EFA software, hugepages, memlock limits and the EFA node label.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return EfaSettings.bind(config.section("plugins.efa"));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return EfaSettings.KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(
        new InstallEfaStep(), new SystemLimitsStep(), new DetectDevicesStep(), new ContainerLimitsStep(), new NodeLabelStep());
  }

  @Override
  public List<String> ownedPaths() {
    return List.of(SystemLimitsStep.LIMITS, SystemLimitsStep.HUGEPAGES);
  }
}
