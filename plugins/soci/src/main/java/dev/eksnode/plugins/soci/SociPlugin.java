package dev.eksnode.plugins.soci;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/** The SOCI snapshotter: installed at image build, wired into containerd and the kubelet at boot. */
public final class SociPlugin implements Plugin {

  @Override
  public String id() {
    return "soci";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "SOCI snapshotter: lazy and parallel image pulls through a containerd proxy snapshotter.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return SociSettings.bind(config.section(SociSettings.SECTION));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return SociSettings.KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(new InstallSnapshotterStep(), new ConfigureSnapshotterStep());
  }

  @Override
  public List<String> ownedPaths() {
    return List.of(
        InstallSnapshotterStep.UNIT,
        ConfigureSnapshotterStep.STORAGE_DROP_IN,
        "/etc/soci-snapshotter-grpc/**");
  }
}
