package dev.eksnode.plugins.soci;

import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.HostException;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Installs the soci-snapshotter package at the configured version and its systemd unit. The unit is
 * not enabled here: {@code soci/snapshotter} starts it at boot when the node qualifies. Installs
 * nothing when the versions manifest already records that version.
 */
final class InstallSnapshotterStep implements Step {

  static final String COMPONENT = "soci-snapshotter";
  static final String UNIT = "/etc/systemd/system/soci-snapshotter.service";
  static final String MANIFEST = "/etc/eksnode/versions.json";
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
  public Set<String> before() {
    return Set.of(Documents.COMPONENT_VERSIONS.renderedBy());
  }

  @Override
  public Outcome apply(StepContext context) {
    String version = context.config(SociSettings.class).version();
    Host host = context.host();
    if (recorded(host).filter(version::equals).isEmpty()) {
      CommandResult result = host.run(List.of("dnf", "install", "-y", "soci-snapshotter-" + version));
      if (!result.succeeded()) {
        throw new HostException("installing soci-snapshotter " + version + " failed with exit code "
            + result.exitCode() + ": " + result.stderr().strip());
      }
    }
    if (host.writeString(UNIT, UNIT_TEXT, 0644)) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    context.contribute(Documents.COMPONENT_VERSIONS, Map.of(COMPONENT, version));
    return Outcome.done();
  }

  static Optional<String> recorded(Host host) {
    Pattern entry = Pattern.compile("\"" + COMPONENT + "\"\\s*:\\s*\"([^\"]*)\"");
    return host.readString(MANIFEST).flatMap(json -> {
      var matcher = entry.matcher(json);
      return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    });
  }
}
