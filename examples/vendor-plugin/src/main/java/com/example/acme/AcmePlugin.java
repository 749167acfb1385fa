package com.example.acme;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;
import java.util.Optional;

/**
 * Installs the ACME monitoring agent's unit at image build and configures the agent at boot. Enabled
 * with {@code [plugins.acme] enabled = true}; a boot then needs the agent's enrolment token, which only
 * user data (or a file written at boot) gives: it is declared required at boot and secret.
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

  /**
   * Every key the binder accepts, published by {@code eksnode config schema}. The token is required at
   * boot (an image build does without it) and secret: eksnode never shows it, and only its 0600 file
   * holds it.
   */
  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        new ConfigKey("plugins.acme.endpoint", ConfigKey.Type.STRING, Optional.of(AcmeSettings.DEFAULT_ENDPOINT.toString()),
            List.of(), "\"https://collector.acme.example.com\"", "Where the agent ships metrics; an https URL."),
        new ConfigKey("plugins.acme.logLevel", ConfigKey.Type.STRING, Optional.of("info"), List.of("debug", "info", "warn", "error"),
            "\"info\"", "The agent's log level."),
        new ConfigKey("plugins.acme.tags", ConfigKey.Type.STRING_LIST, Optional.empty(), List.of(), "[\"team=ml\"]",
            "key=value tags the agent adds to everything it sends."),
        new ConfigKey("plugins.acme.token", ConfigKey.Type.STRING, Optional.empty(), List.of(), "\"acme-enrol-0123\"",
            "The agent's enrolment token.").required(Phase.BOOT).asSecret());
  }

  @Override
  public List<String> ownedPaths() {
    return List.of("/etc/acme/**", InstallAgentUnitStep.UNIT_PATH);
  }
}
