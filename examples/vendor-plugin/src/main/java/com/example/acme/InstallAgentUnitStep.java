package com.example.acme;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;

/** At image build: installs the agent's systemd unit and enables it, so it starts on every boot. */
final class InstallAgentUnitStep implements Step {

  static final String UNIT_PATH = "/etc/systemd/system/acme-agent.service";
  static final String UNIT = "acme-agent.service";

  @Override
  public String id() {
    return "acme/agent-unit";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    String unit =
        """
        [Unit]
        Description=ACME monitoring agent
        After=network-online.target containerd.service
        Wants=network-online.target

        [Service]
        EnvironmentFile=/etc/acme/agent.env
        ExecStart=/usr/bin/acme-agent --config /etc/acme/agent.yaml
        Restart=always
        RestartSec=5

        [Install]
        WantedBy=multi-user.target
        """;
    boolean changed = context.host().writeString(UNIT_PATH, unit, 0644);
    changed |= context.host().writeString("/etc/acme/agent.yaml", "# ACME agent defaults; /etc/acme/agent.env overrides at boot.\nscrape_interval: 30s\n", 0644);
    if (changed) {
      context.host().service(ServiceAction.DAEMON_RELOAD, UNIT);
      context.host().service(ServiceAction.ENABLE, UNIT);
    }
    return Outcome.done();
  }
}
