package com.example.acme;

import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/**
 * Installs the ACME monitoring agent's unit at image build and configures the agent at boot. Enabled
 * with {@code [plugins.acme] enabled = true}.
 */
public final class AcmePlugin implements Plugin {

  @Override
  public String id() {
    return "acme";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public String description() {
    return "Installs and configures the ACME monitoring agent.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public List<Step> steps() {
    return List.of(new InstallAgentUnitStep(), new ConfigureAgentStep());
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return AcmeSettings.bind(config.section("plugins.acme"));
  }

  @Override
  public List<String> ownedPaths() {
    return List.of("/etc/acme/**", InstallAgentUnitStep.UNIT_PATH);
  }
}
