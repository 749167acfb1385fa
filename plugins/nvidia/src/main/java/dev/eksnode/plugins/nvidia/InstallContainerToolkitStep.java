package dev.eksnode.plugins.nvidia;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the NVIDIA container toolkit (which provides {@code /usr/bin/nvidia-container-runtime} and
 * {@code nvidia-ctk}) at the configured version, every package of it pinned. Installs nothing when the
 * versions manifest already records that version.
 */
final class InstallContainerToolkitStep implements Step {

  static final String TOOLKIT = "nvidia-container-toolkit";

  @Override
  public String id() {
    return "nvidia/container-toolkit";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.COMPONENT_VERSIONS);
  }

  @Override
  public Set<String> requires() {
    return Set.of("nvidia/driver");
  }

  @Override
  public Outcome apply(StepContext context) {
    String version = context.config(NvidiaSettings.class).toolkitVersion();
    var host = context.host();
    if (VersionsManifest.recorded(host, TOOLKIT).filter(version::equals).isEmpty()) {
      List<String> command = List.of(
          "dnf", "install", "-y",
          "nvidia-container-toolkit-" + version,
          "nvidia-container-toolkit-base-" + version,
          "libnvidia-container-tools-" + version,
          "libnvidia-container1-" + version);
      Commands.run(host, command);
    }
    context.contribute(Documents.COMPONENT_VERSIONS, Map.of(TOOLKIT, version));
    return Outcome.done();
  }
}
