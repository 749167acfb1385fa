package dev.eksnode.plugins.instancestore;

import dev.eksnode.spi.AllowedPaths;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code [plugins.instance-store]} section, bound and validated.
 *
 * @param strategy how the disks are used
 * @param mountPath the directory the volumes are mounted under, one numbered directory each
 * @param bindMounts the directories bind-mounted onto the first volume, by name ({@code kubelet} ->
 *     {@code /var/lib/kubelet}), in mount order
 */
record InstanceStoreConfig(Strategy strategy, String mountPath, Map<String, String> bindMounts) {

  /** Where {@code mountPath} may point: directories meant for data volumes, never the system's own. */
  static final AllowedPaths MOUNT_PATHS = AllowedPaths.below("/mnt", "/data", "/local", "/srv");

  /** The ways to use the disks. */
  enum Strategy {
    RAID0, RAID10, MOUNT
  }

  /** Every directory that can be bind-mounted, by the name {@code disabledMounts} uses. */
  static final Map<String, String> BIND_MOUNTS = allBindMounts();

  /** Every key of {@code [plugins.instance-store]}: the binder's known keys, the schema and docs/configuration.md. */
  static final List<ConfigKey> CONFIG_KEYS = List.of(
      new ConfigKey("plugins.instance-store.strategy", Type.STRING, Optional.of("raid0"), List.of(), "\"raid10\"",
          "raid0, raid10 or mount, in any case (nodeadm's RAID0, RAID10, Mount): one striped array, one striped mirror, or each disk on its own."),
      new ConfigKey("plugins.instance-store.mountPath", Type.STRING, Optional.of("/mnt/k8s-disks"), List.of(), "\"/mnt/disks\"",
          "The directory the volumes are mounted under, as mountPath/0, mountPath/1 and so on; absolute, normalized and below"
              + " /mnt, /data, /local or /srv."),
      new ConfigKey("plugins.instance-store.disabledMounts", Type.STRING_LIST, Optional.empty(), List.of(), "[\"pod-logs\"]",
          "Bind mounts onto the first volume to leave out: kubelet, containerd, pod-logs (nodeadm's Kubelet, Containerd, PodLogs too)."));

  static final Set<String> KEYS = CONFIG_KEYS.stream()
      .map(k -> k.path().substring("plugins.instance-store.".length()))
      .collect(Collectors.toUnmodifiableSet());

  private static Map<String, String> allBindMounts() {
    Map<String, String> mounts = new LinkedHashMap<>();
    mounts.put("kubelet", "/var/lib/kubelet");
    mounts.put("containerd", "/var/lib/containerd");
    mounts.put("pod-logs", "/var/log/pods");
    return mounts;
  }

  static InstanceStoreConfig bind(ConfigSection section) {
    section.allowOnly(KEYS);
    Strategy strategy = Strategy.RAID0;
    String text = section.string("strategy").orElse("raid0");
    try {
      strategy = Strategy.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      section.problem("strategy", "\"" + text + "\" is not one of raid0, raid10, mount");
    }
    String mountPath = section.string("mountPath").orElse("/mnt/k8s-disks");
    if (mountPath.chars().anyMatch(Character::isISOControl)) {
      // A newline would add a line to the mount units.
      section.problem("mountPath", "holds a control character", "e.g. /mnt/k8s-disks");
      mountPath = "/mnt/k8s-disks";
    } else if (!mountPath.startsWith("/") || mountPath.equals("/") || mountPath.endsWith("/")
        || mountPath.contains("//") || mountPath.matches(".*/\\.\\.?(/.*)?")) {
      section.problem("mountPath", "\"" + mountPath + "\" is not a normalized absolute directory path",
          "e.g. /mnt/k8s-disks");
      mountPath = "/mnt/k8s-disks";
    } else if (!mountPath.matches("[A-Za-z0-9 ._@:+/-]+")) {
      // The path goes into mount units (Where=, What=, RequiresMountsFor=), where systemd expands % specifiers
      // and unquotes and unescapes; letters, digits, space and . _ @ : + - mean the same there as here.
      section.problem("mountPath", "\"" + mountPath + "\" holds a character other than letters, digits, space and . _ @ : + - /",
          "a mount path reaches systemd mount units, which would expand % and read quotes and backslashes");
      mountPath = "/mnt/k8s-disks";
    } else if (MOUNT_PATHS.refusal(mountPath).isPresent()) {
      // Volumes mounted over /etc, /usr or /var/lib would hide the system's own files.
      section.problem("mountPath", MOUNT_PATHS.refusal(mountPath).get(), "e.g. /mnt/k8s-disks");
      mountPath = "/mnt/k8s-disks";
    }
    Map<String, String> binds = new LinkedHashMap<>(BIND_MOUNTS);
    List<String> unknown = new ArrayList<>();
    for (String disabled : section.strings("disabledMounts").orElse(List.of())) {
      // nodeadm spells them Containerd and PodLogs; accept both spellings.
      String name = disabled.toLowerCase(Locale.ROOT).replace("-", "").replace("podlogs", "pod-logs");
      if (binds.remove(name) == null && !BIND_MOUNTS.containsKey(name)) {
        unknown.add(disabled);
      }
    }
    if (!unknown.isEmpty()) {
      section.problem("disabledMounts", "unknown mounts " + unknown, "known: kubelet, containerd, pod-logs");
    }
    return new InstanceStoreConfig(strategy, mountPath, binds);
  }
}
