package dev.eksnode.plugins.soci;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the soci-snapshotter package at the configured version and its systemd unit. The unit is
 * not enabled here: {@code soci/snapshotter} starts it at boot when the node qualifies. Installs
 * nothing when the versions manifest already records that version.
 */
final class InstallSnapshotterStep implements Step {

  static final String COMPONENT = "soci-snapshotter";
  static final String UNIT = "/etc/systemd/system/soci-snapshotter.service";
  static final String DEFAULT_ROOT = "/var/lib/soci-snapshotter-grpc";

  static final String UNIT_TEXT = """
      # Written by eksnode (soci/install).
      [Unit]
      Description=SOCI snapshotter (containerd remote snapshotter)
      Documentation=https://github.com/awslabs/soci-snapshotter
      After=network.target local-fs.target
      Before=containerd.service

      [Service]
      Type=notify
      Environment=SOCI_ROOT=%s
      ExecStart=/usr/bin/soci-snapshotter-grpc --root ${SOCI_ROOT} --config /etc/soci-snapshotter-grpc/config.toml
      Restart=always
      RestartSec=5

      [Install]
      WantedBy=multi-user.target
      """.formatted(DEFAULT_ROOT);

  @Override
  public String id() {
    return "soci/install";
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
    String version = context.config(SociSettings.class).version();
    Host host = context.host();
    if (VersionsManifest.recorded(host, COMPONENT).filter(version::equals).isEmpty()) {
      Commands.run(host, List.of("dnf", "install", "-y", "soci-snapshotter-" + version));
    }
    if (host.writeString(UNIT, UNIT_TEXT, 0644)) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    context.contribute(Documents.COMPONENT_VERSIONS, Map.of(COMPONENT, version));
    return Outcome.done();
  }
}
