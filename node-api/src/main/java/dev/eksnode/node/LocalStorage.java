package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instance-store volumes mounted at boot, and the directories moved onto them: published as
 * {@link NodeFacts#LOCAL_STORAGE}.
 *
 * @param volumes the volumes' mount points in order, e.g. {@code /mnt/k8s-disks/0}
 * @param bindMounts each directory bind-mounted onto the first volume, to where it lives there, e.g.
 *     {@code /var/lib/kubelet -> /mnt/k8s-disks/0/kubelet}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record LocalStorage(List<String> volumes, Map<String, String> bindMounts) {
  public LocalStorage {
    volumes = List.copyOf(volumes);
    bindMounts = Collections.unmodifiableMap(new LinkedHashMap<>(bindMounts));
  }

  /** The first volume's mount point, where data that should live on the instance store goes; empty when none is mounted. */
  public Optional<String> firstVolume() {
    return volumes.isEmpty() ? Optional.empty() : Optional.of(volumes.getFirst());
  }
}
