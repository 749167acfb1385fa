package dev.eksnode.plugins.instancestore;

import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instance-store disk: an NVMe disk found in sysfs by its model, or a disk metadata's block device
 * mapping names ({@code ephemeral0 -> sdb}, a Xen instance's {@code xvdb}).
 *
 * @param name the kernel's name, e.g. {@code nvme1n1} or {@code xvdb}
 * @param serial the disk's serial number, when sysfs has it
 */
record Disk(String name, Optional<String> serial) {

  /** The model every NVMe instance-store disk reports. */
  static final String MODEL = "Amazon EC2 NVMe Instance Storage";

  private static final Pattern NVME = Pattern.compile("nvme(\\d+)n(\\d+)");

  /** The kernel's device node, valid for this boot. */
  String device() {
    return "/dev/" + name;
  }

  /** A device path that names this disk across reboots: udev's by-id link when the serial is known. */
  String stableDevice() {
    return serial.map(s -> "/dev/disk/by-id/nvme-" + MODEL.replace(' ', '_') + "_" + s).orElse(device());
  }

  /**
   * The instance-store disks under {@code /sys/block}, ordered by serial number when every disk has
   * one (stable across reboots, unlike the kernel's names), else by controller and namespace number.
   */
  static List<Disk> find(Host host) {
    List<Disk> disks = new ArrayList<>();
    for (String name : host.list("/sys/block")) {
      if (!NVME.matcher(name).matches()) {
        continue;
      }
      String model = host.readString("/sys/block/" + name + "/device/model").orElse("").strip();
      if (model.equals(MODEL)) {
        Optional<String> serial =
            host.readString("/sys/block/" + name + "/device/serial")
                .map(String::strip)
                .filter(s -> s.matches("[A-Za-z0-9_.-]+"));
        disks.add(new Disk(name, serial));
      }
    }
    Comparator<Disk> byName =
        Comparator.comparingLong((Disk d) -> number(d.name(), 1)).thenComparingLong(d -> number(d.name(), 2));
    boolean allSerials = disks.stream().allMatch(d -> d.serial().isPresent());
    disks.sort(allSerials ? Comparator.comparing((Disk d) -> d.serial().orElseThrow()).thenComparing(byName) : byName);
    return List.copyOf(disks);
  }

  /**
   * The disks metadata's instance-store entries name ({@code ephemeral0 -> sdb}), in entry order, that
   * exist under {@code /sys/block}: as named, or renamed the way Xen names block devices ({@code sdb}
   * is {@code xvdb}). {@code missing} receives each entry with no such disk, as {@code ephemeral0 -> sdb}.
   */
  static List<Disk> fromMapping(Host host, Map<String, String> mapping, List<String> missing) {
    List<Disk> disks = new ArrayList<>();
    mapping.forEach((entry, device) -> {
      String name = device.startsWith("/dev/") ? device.substring("/dev/".length()) : device;
      List<String> candidates = new ArrayList<>(List.of(name));
      if (name.startsWith("sd")) {
        candidates.add("xvd" + name.substring(2));
      } else if (name.startsWith("xvd")) {
        candidates.add("sd" + name.substring(3));
      }
      candidates.stream()
          .filter(candidate -> candidate.matches("[a-z0-9]+") && host.exists("/sys/block/" + candidate))
          .findFirst()
          .ifPresentOrElse(found -> disks.add(new Disk(found, Optional.empty())), () -> missing.add(entry + " -> " + device));
    });
    return List.copyOf(disks);
  }

  private static long number(String name, int group) {
    Matcher matcher = NVME.matcher(name);
    return matcher.matches() ? Long.parseLong(matcher.group(group)) : 0;
  }
}
