package dev.eksnode.plugins.core.image;

import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Set;

/**
 * Image phase: places the systemd units the node runs: {@code runtime.slice} (the kubelet's {@code
 * kubeReservedCgroup /runtime}), containerd moved into it, and the base {@code kubelet.service} whose
 * command line the boot phase's drop-in sets. Enables containerd, the kubelet and {@code
 * eksnode-bootstrap.service} (which the distribution's install.sh places) when a unit changed.
 */
public final class PlaceUnitsStep implements Step {

  static final String ID = "core/units";

  static final String RUNTIME_SLICE = "/etc/systemd/system/runtime.slice";
  static final String CONTAINERD_DROP_IN = "/etc/systemd/system/containerd.service.d/00-runtime-slice.conf";
  static final String KUBELET_UNIT = "/etc/systemd/system/kubelet.service";

  static final List<String> ENABLED = List.of("containerd.service", "kubelet.service", "eksnode-bootstrap.service");

  static final String RUNTIME_SLICE_TEXT = """
      [Unit]
      Description=Kubernetes and container runtime slice
      Documentation=man:systemd.special(7)
      DefaultDependencies=no
      Before=slices.target
      Requires=-.slice
      After=-.slice
      """;

  static final String CONTAINERD_DROP_IN_TEXT = """
      [Service]
      Slice=runtime.slice
      """;

  static final String KUBELET_UNIT_TEXT = """
      [Unit]
      Description=Kubernetes Kubelet
      Documentation=https://github.com/kubernetes/kubernetes
      After=containerd.service
      Wants=containerd.service

      [Service]
      Slice=runtime.slice
      # eksnode's drop-in (kubelet.service.d/10-eksnode.conf) replaces ExecStart with the node's flags.
      ExecStart=/usr/bin/kubelet
      Restart=on-failure
      RestartForceExitStatus=SIGPIPE
      RestartSec=5
      KillMode=process
      CPUAccounting=true
      MemoryAccounting=true

      [Install]
      WantedBy=multi-user.target
      """;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<String> after() {
    // Packages may ship units of their own; ours are written last so they are the ones in force.
    return Set.of(InstallPackagesStep.ID);
  }

  @Override
  public Outcome apply(StepContext context) {
    if (context.config(NodeSettings.class).image().kubernetesVersion().isEmpty()) {
      return Outcome.skipped("no [image] section in the configuration");
    }
    Host host = context.host();
    boolean changed = host.writeString(RUNTIME_SLICE, RUNTIME_SLICE_TEXT, 0644);
    changed |= host.writeString(CONTAINERD_DROP_IN, CONTAINERD_DROP_IN_TEXT, 0644);
    changed |= host.writeString(KUBELET_UNIT, KUBELET_UNIT_TEXT, 0644);
    if (changed) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
      for (String unit : ENABLED) {
        host.service(ServiceAction.ENABLE, unit);
      }
    }
    return Outcome.done();
  }
}
