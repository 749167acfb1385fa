package dev.eksnode.plugins.nvidia;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;

/**
 * Writes the NVIDIA device plugin's configuration file (MIG strategy, time-slicing replicas) for the
 * device plugin DaemonSet to mount from the host.
 */
final class DevicePluginConfigStep implements Step {

  static final String PATH = "/etc/nvidia/device-plugin/config.yaml";

  @Override
  public String id() {
    return "nvidia/device-plugin-config";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Outcome apply(StepContext context) {
    if (PciDevices.nvidiaGpus(context.host()).isEmpty()) {
      return Outcome.skipped("no NVIDIA device");
    }
    context.host().writeString(PATH, render(context.config(NvidiaSettings.class)), 0644);
    return Outcome.done();
  }

  static String render(NvidiaSettings settings) {
    StringBuilder yaml = new StringBuilder()
        .append("# Written by eksnode (nvidia/device-plugin-config) from [plugins.nvidia].\n")
        .append("version: v1\n")
        .append("flags:\n")
        .append("  migStrategy: ").append(settings.migStrategy().configValue()).append('\n');
    if (settings.timeSlicingReplicas() > 1) {
      yaml.append("sharing:\n")
          .append("  timeSlicing:\n")
          .append("    resources:\n")
          .append("    - name: nvidia.com/gpu\n")
          .append("      replicas: ").append(settings.timeSlicingReplicas()).append('\n');
    }
    return yaml.toString();
  }
}
