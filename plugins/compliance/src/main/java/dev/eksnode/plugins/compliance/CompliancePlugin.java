package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.PluginCommand;
import dev.eksnode.spi.Step;
import java.util.List;

/**
 * Hardens the image to the chosen compliance profiles (CIS Level 1 by default, CIS Level 2, STIG,
 * FIPS), keeps the kubelet settings compliant at boot, and reports compliance per rule with {@code
 * eksnode compliance report}. The rules are data: {@code rules.toml}.
 */
public final class CompliancePlugin implements Plugin {

  @Override
  public String id() {
    return "compliance";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "Hardens the image to CIS, STIG or FIPS profiles and reports compliance rule by rule.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    if (!config.section("plugins.compliance").present()) {
      return new ComplianceSettings.Defaults();
    }
    return ComplianceSettings.bind(config, RuleSet.builtIn());
  }

  @Override
  public List<Step> steps() {
    return List.of(
        new ApplySysctlStep(),
        new DenyKernelModulesStep(),
        new WriteSshdDropInStep(),
        new EditConfigFilesStep(),
        new TightenFileModesStep(),
        new MountOptionsStep(),
        new DisableServicesStep(),
        new EnableFipsModeStep(),
        new WriteServiceEnvironmentStep(),
        new RecordAppliedProfileStep(),
        new ContributeKubeletSettingsStep(),
        new ContributeServiceEnvironmentStep(),
        new CheckKubeletSettingsStep());
  }

  @Override
  public List<PluginCommand> commands() {
    return List.of(new ReportCommand(RuleSet::builtIn));
  }

  @Override
  public List<String> ownedPaths() {
    return List.of(
        ApplySysctlStep.PATH,
        DenyKernelModulesStep.PATH,
        SshdConfig.MAIN,
        SshdConfig.DROP_IN,
        "/etc/login.defs",
        "/etc/audit/auditd.conf",
        "/etc/passwd*",
        "/etc/group*",
        "/etc/shadow*",
        "/etc/gshadow*",
        MountConfig.FSTAB,
        "/etc/systemd/system/*.mount.d/" + MountConfig.DROP_IN_NAME,
        "/etc/systemd/system/*.wants/*",
        "/etc/systemd/system/*.requires/*",
        WriteServiceEnvironmentStep.DEFAULT_PATH,
        "/etc/systemd/system/*.service.d/" + WriteServiceEnvironmentStep.UNIT_DROP_IN,
        RecordAppliedProfileStep.PATH);
  }
}
