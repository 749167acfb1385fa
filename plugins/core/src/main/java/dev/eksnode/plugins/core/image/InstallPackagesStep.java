package dev.eksnode.plugins.core.image;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.plugins.core.config.ImageSettings;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.kubelet.FindKubeletVersionStep;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Image phase: installs the core components (containerd, runc, CNI plugins, kubelet, ECR credential
 * provider) at the versions {@code [image.components]} pins, locks them with {@code dnf versionlock},
 * and writes the kubelet version file the boot phase reads. Installs nothing when the versions manifest
 * already records every configured version, so a second run changes nothing.
 */
public final class InstallPackagesStep implements Step {

  static final String ID = "core/packages";

  /** Read by the boot phase's {@code core/kubelet-version}: the installed kubelet's version, e.g. {@code v1.31.2}. */
  static final String KUBELET_VERSION_PATH = FindKubeletVersionStep.BAKED_PATH;

  /** Package name to the component name the versions manifest and {@code eksnode versions} use. */
  static final Map<String, String> COMPONENT = Map.of(
      "containerd", "containerd",
      "runc", "runc",
      "containernetworking-plugins", "cni-plugins",
      "kubelet", "kubelet",
      "ecr-credential-provider", "ecr-credential-provider");

  @Override
  public String id() {
    return ID;
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
  public Outcome apply(StepContext context) {
    ImageSettings image = context.config(NodeSettings.class).image();
    if (image.kubernetesVersion().isEmpty()) {
      return Outcome.skipped("no [image] section in the configuration");
    }
    Host host = context.host();
    Map<String, String> recorded = VersionsManifest.read(host);
    Map<String, String> packages = image.components().packages();
    List<String> install = new ArrayList<>();
    List<String> relock = new ArrayList<>();
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("kubernetes", image.kubernetesVersion().get());
    packages.forEach((name, version) -> {
      String component = COMPONENT.get(name);
      versions.put(component, version);
      String before = recorded.get(component);
      if (!version.equals(before)) {
        install.add(name + "-" + version);
        if (before != null) {
          relock.add(name);
        }
      }
    });
    if (!install.isEmpty()) {
      Commands.run(host, List.of("dnf", "install", "-y", "dnf-command(versionlock)"));
      if (!relock.isEmpty()) {
        List<String> delete = new ArrayList<>(List.of("dnf", "versionlock", "delete"));
        delete.addAll(relock);
        Commands.run(host, delete);
      }
      List<String> command = new ArrayList<>(List.of("dnf", "install", "-y"));
      command.addAll(install);
      Commands.run(host, command);
      List<String> lock = new ArrayList<>(List.of("dnf", "versionlock", "add"));
      lock.addAll(install);
      Commands.run(host, lock);
    }
    image.components().kubelet().ifPresent(kubelet ->
        host.writeString(KUBELET_VERSION_PATH, "v" + kubelet.replaceFirst("-.*", "") + "\n", 0644));
    context.contribute(Documents.COMPONENT_VERSIONS, versions);
    return Outcome.done();
  }
}
