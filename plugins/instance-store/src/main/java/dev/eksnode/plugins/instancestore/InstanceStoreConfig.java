package dev.eksnode.plugins.instancestore;

import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code [plugins.instance-store]} section, bound and validated.
 *
 * @param strategy how the disks are used
 * @param mountPath the directory the volumes are mounted under, one numbered directory each
 * @param bindMounts the directories bind-mounted onto the first volume, by name ({@code kubelet} ->
 *     {@code /var/lib/kubelet}), in mount order
 */
record InstanceStoreConfig(Strategy strategy, String mountPath, Map<String, String> bindMounts) {

  /** The ways to use the disks. */
  enum Strategy {
    RAID0, RAID10, MOUNT
  }

  /** Every directory that can be bind-mounted, by the name {@code disabledMounts} uses. */
  static final Map<String, String> BIND_MOUNTS = allBindMounts();

  static final Set<String> KEYS = Set.of("strategy", "mountPath", "disabledMounts");

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
    if (!mountPath.startsWith("/") || mountPath.equals("/") || mountPath.endsWith("/")
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
