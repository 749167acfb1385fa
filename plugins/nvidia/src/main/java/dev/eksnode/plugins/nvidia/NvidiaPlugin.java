package dev.eksnode.plugins.nvidia;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/** NVIDIA GPU nodes: driver and container toolkit at image build, runtime and GPU labels at boot. */
public final class NvidiaPlugin implements Plugin {

  @Override
  public String id() {
    return "nvidia";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "NVIDIA GPU nodes: driver, container toolkit, containerd runtime, CDI and GPU Feature Discovery labels.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return NvidiaSettings.bind(config.section("plugins.nvidia"));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return NvidiaSettings.KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(
        new InstallDriverStep(),
        new InstallContainerToolkitStep(),
        new ContainerRuntimeStep(),
        new GpuLabelsStep(),
        new DevicePluginConfigStep());
  }

  @Override
  public List<String> ownedPaths() {
    return List.of("/etc/nvidia/**", "/etc/cdi/nvidia.yaml");
  }
}
