package dev.eksnode.plugins.core;

import dev.eksnode.plugins.core.commands.MaxPodsCommand;
import dev.eksnode.plugins.core.commands.VersionsCommand;
import dev.eksnode.plugins.core.config.CoreConfigKeys;
import dev.eksnode.plugins.core.config.ImageSettingsBinder;
import dev.eksnode.plugins.core.config.ImdsUserData;
import dev.eksnode.plugins.core.config.NodeConfigFormat;
import dev.eksnode.plugins.core.config.NodeSettingsBinder;
import dev.eksnode.plugins.core.containerd.RenderContainerdConfigStep;
import dev.eksnode.plugins.core.image.BakeInstanceTypeTableStep;
import dev.eksnode.plugins.core.image.CachePauseImageStep;
import dev.eksnode.plugins.core.image.InstallPackagesStep;
import dev.eksnode.plugins.core.image.PlaceUnitsStep;
import dev.eksnode.plugins.core.image.WriteBootDefaultsStep;
import dev.eksnode.plugins.core.image.WriteSbomStep;
import dev.eksnode.plugins.core.image.WriteVersionsManifestStep;
import dev.eksnode.plugins.core.kubelet.ConfigureEcrCredentialProviderStep;
import dev.eksnode.plugins.core.kubelet.DecideMaxPodsStep;
import dev.eksnode.plugins.core.kubelet.FindKubeletVersionStep;
import dev.eksnode.plugins.core.kubelet.RenderKubeletConfigStep;
import dev.eksnode.plugins.core.kubelet.StartKubeletStep;
import dev.eksnode.plugins.core.kubelet.WriteClusterCaStep;
import dev.eksnode.plugins.core.kubelet.WriteKubeconfigStep;
import dev.eksnode.plugins.core.node.ReadInstanceDataStep;
import dev.eksnode.plugins.core.node.ResolveClusterStep;
import dev.eksnode.plugins.core.node.WriteEtcHostsStep;
import dev.eksnode.plugins.core.systemd.RenderServiceEnvironmentStep;
import dev.eksnode.spi.ConfigFormat;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigPresets;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.ConfigSourceProvider;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;
import java.util.Set;

/** The node join every EKS node needs. Always enabled; owns the node sections of the configuration. */
public final class CorePlugin implements Plugin {

  @Override
  public String id() {
    return "core";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "Joins the node to its EKS cluster: CA, kubeconfig, kubelet and containerd configuration.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<String> configSections() {
    Set<String> sections = new java.util.TreeSet<>(NodeSettingsBinder.SECTIONS);
    sections.addAll(ImageSettingsBinder.SECTIONS);
    return sections;
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return NodeSettingsBinder.bind(config);
  }

  @Override
  public List<ConfigFormat> configFormats() {
    return List.of(new NodeConfigFormat());
  }

  @Override
  public List<ConfigSourceProvider> configSources() {
    return List.of(new ImdsUserData());
  }

  /** Workload profiles: {@code profile = "<name>"} reads the preset {@link WriteBootDefaultsStep} baked. */
  @Override
  public List<ConfigPresets> configPresets() {
    return List.of(new ConfigPresets("profile", WriteBootDefaultsStep.PROFILES));
  }

  /** The AMI configuration's boot defaults and profile presets are boot configuration, checked as such. */
  @Override
  public Set<String> embeddedConfigs() {
    return Set.of("boot", "profiles.*");
  }

  @Override
  public List<ConfigKey> configKeys() {
    return CoreConfigKeys.KEYS;
  }

  @Override
  public Set<String> appendKeys() {
    return Set.of("kubelet.flags");
  }

  @Override
  public List<Step> steps() {
    return List.of(
        new ReadInstanceDataStep(),
        new FindKubeletVersionStep(),
        new ResolveClusterStep(),
        new DecideMaxPodsStep(),
        new WriteClusterCaStep(),
        new WriteKubeconfigStep(),
        new WriteEtcHostsStep(),
        new RenderKubeletConfigStep(),
        new ConfigureEcrCredentialProviderStep(),
        new RenderServiceEnvironmentStep(),
        new RenderContainerdConfigStep(),
        new StartKubeletStep(),
        new BakeInstanceTypeTableStep(),
        new WriteVersionsManifestStep(),
        new InstallPackagesStep(),
        new PlaceUnitsStep(),
        new CachePauseImageStep(),
        new WriteBootDefaultsStep(),
        new WriteSbomStep());
  }

  @Override
  public List<dev.eksnode.spi.PluginCommand> commands() {
    return List.of(new VersionsCommand(), new MaxPodsCommand());
  }

  @Override
  public List<String> ownedPaths() {
    return List.of(
        "/etc/kubernetes/**",
        "/var/lib/kubelet/**",
        "/etc/containerd/**",
        "/etc/eks/image-credential-provider/**",
        "/etc/systemd/system/**",
        "/etc/systemd/system.conf.d/**",
        "/etc/hosts",
        "/etc/eksnode/instance-types.json",
        "/etc/eksnode/versions.json",
        "/etc/eksnode/sbom.json",
        "/etc/eksnode/eksnode.toml",
        "/etc/eksnode/profiles/**",
        "/etc/eksnode/sandbox-image",
        "/etc/eksnode/kubelet-version",
        "/var/lib/eksnode/state/**");
  }
}
