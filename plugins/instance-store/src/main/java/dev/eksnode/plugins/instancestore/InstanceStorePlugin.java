package dev.eksnode.plugins.instancestore;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/**
 * Puts the instance's NVMe instance-store disks to use: one RAID0 or RAID10 array, or one mount per
 * disk, under {@code /mnt/k8s-disks/}, with the kubelet's, containerd's and the pod logs' directories
 * bind-mounted onto it before those services start.
 */
public final class InstanceStorePlugin implements Plugin {

  @Override
  public String id() {
    return "instance-store";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "NVMe instance-store disks as a RAID0/RAID10 array or one mount each, with bind mounts for kubelet and containerd.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return InstanceStoreConfig.bind(config.section("plugins.instance-store"));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return InstanceStoreConfig.CONFIG_KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(new PrepareDisksStep(), new MountDisksStep());
  }

  /** The default mount root; a configured {@code mountPath} elsewhere is outside these globs. */
  @Override
  public List<String> ownedPaths() {
    return List.of("/etc/systemd/system/*.mount", "/mnt/k8s-disks", "/mnt/k8s-disks/**", "/var/lib/kubelet",
        "/var/lib/containerd", "/var/log/pods");
  }
}
