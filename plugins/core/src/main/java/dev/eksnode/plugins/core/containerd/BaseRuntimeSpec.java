package dev.eksnode.plugins.core.containerd;

import dev.eksnode.node.text.DeepMerge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * containerd's base runtime spec (the OCI {@code config.json} every container starts from): eksnode's
 * default, and the merge that lays plugin contributions and the user's {@code containerd.baseRuntimeSpec}
 * over it.
 *
 * <p>Merging is {@link DeepMerge}'s (tables key by key, later scalars and lists win) with one
 * exception: {@code process.rlimits} merges by {@code type}, so a contribution that adds {@code
 * RLIMIT_MEMLOCK} keeps the default {@code RLIMIT_NOFILE}, and a later entry of a type replaces the
 * earlier one in its place. Limits are OCI's unsigned 64-bit numbers; "unlimited" is {@code
 * 18446744073709551615}, which only a {@link java.math.BigInteger} holds, and is rendered as written.
 */
final class BaseRuntimeSpec {

  private BaseRuntimeSpec() {}

  /** {@code over} laid over {@code base}, rlimits merged by type; a new tree, neither argument is changed. */
  static Map<String, Object> merge(Map<String, ?> base, Map<String, ?> over) {
    Map<String, Object> merged = DeepMerge.merge(base, over);
    List<Object> existing = rlimits(DeepMerge.copy(base));
    List<Object> added = rlimits(merged);
    if (existing == null || added == null || rlimits(over) == null) {
      return merged;
    }
    List<Object> result = new ArrayList<>(existing);
    for (Object limit : added) {
      Object type = typeOf(limit);
      int at = -1;
      for (int i = 0; type != null && i < result.size() && at < 0; i++) {
        if (Objects.equals(type, typeOf(result.get(i)))) {
          at = i;
        }
      }
      if (at >= 0) {
        result.set(at, limit);
      } else {
        result.add(limit);
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> process = (Map<String, Object>) merged.get("process");
    process.put("rlimits", result);
    return merged;
  }

  /** {@code process.rlimits} when the tree has it as a list, else null. */
  @SuppressWarnings("unchecked")
  private static List<Object> rlimits(Map<String, ?> spec) {
    return spec.get("process") instanceof Map<?, ?> process && process.get("rlimits") instanceof List<?> limits
        ? (List<Object>) limits
        : null;
  }

  private static Object typeOf(Object limit) {
    return limit instanceof Map<?, ?> map ? map.get("type") : null;
  }

  /** The OCI spec every container starts from: containerd's defaults with a higher open-file limit. */
  static Map<String, Object> defaults() {
    List<String> capabilities =
        List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("user", ordered("uid", 0, "gid", 0));
    process.put("cwd", "/");
    process.put("capabilities", ordered("bounding", capabilities, "effective", capabilities, "permitted", capabilities));
    process.put("rlimits", List.of(ordered("type", "RLIMIT_NOFILE", "hard", 1048576, "soft", 65536)));
    process.put("noNewPrivileges", true);
    List<Object> mounts =
        List.of(
            mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            mount("/run", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
    Map<String, Object> linux = new LinkedHashMap<>();
    linux.put("resources", Map.of("devices", List.of(ordered("allow", false, "access", "rwm"))));
    linux.put("cgroupsPath", "/default");
    linux.put("namespaces", List.of(Map.of("type", "pid"), Map.of("type", "ipc"), Map.of("type", "uts"), Map.of("type", "mount"), Map.of("type", "network")));
    linux.put("maskedPaths", List.of(
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi"));
    linux.put("readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("ociVersion", "1.1.0");
    spec.put("process", process);
    spec.put("root", ordered("path", "rootfs"));
    spec.put("mounts", mounts);
    spec.put("linux", linux);
    return spec;
  }

  private static Map<String, Object> mount(String destination, String type, String source, String... options) {
    return ordered("destination", destination, "type", type, "source", source, "options", List.of(options));
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
