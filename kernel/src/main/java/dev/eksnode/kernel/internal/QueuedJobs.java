package dev.eksnode.kernel.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * When a start or restart must be queued instead of waited for. eksnode runs at boot as a systemd
 * service ordered before the services it configures ({@code eksnode-bootstrap.service} has {@code
 * Before=containerd.service kubelet.service}). A job for such a service waits until eksnode's own
 * start job is done, which waits for eksnode to exit: a {@code systemctl restart} that waits for its
 * job never returns. So a start or restart of a unit ordered after the calling service is queued
 * ({@code systemctl --no-block}); systemd runs it as soon as the calling service has started.
 */
final class QueuedJobs {

  /** Set by systemd in the environment of every process it starts for a unit. */
  static final String INVOCATION_ID = "INVOCATION_ID";

  private QueuedJobs() {}

  /**
   * The service whose process this is, from {@code /proc/self/cgroup}: the last component of the
   * unified hierarchy's path ({@code 0::/system.slice/eksnode-bootstrap.service}) or, on cgroup v1,
   * of systemd's named hierarchy ({@code 1:name=systemd:/system.slice/...}); empty outside a service.
   */
  static Optional<String> callerService(String procSelfCgroup) {
    for (String line : procSelfCgroup.split("\n")) {
      String[] fields = line.split(":", 3);
      if (fields.length == 3 && (fields[0].equals("0") && fields[1].isEmpty() || fields[1].equals("name=systemd"))) {
        String path = fields[2].strip();
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.endsWith(".service")) {
          return Optional.of(last);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code systemctl show --property=After --value UNIT} lists {@code service}. */
  static boolean orderedAfter(String showAfter, String service) {
    return Arrays.asList(showAfter.strip().split("\\s+")).contains(service);
  }
}
