package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the next boot mounts a path: an {@code /etc/fstab} line wins over a systemd mount unit, whose
 * {@code Options=} may be replaced by drop-ins ({@code <unit>.d/*.conf}, last in name order wins).
 */
final class MountConfig {

  static final String FSTAB = "/etc/fstab";
  static final List<String> UNIT_DIRECTORIES = List.of("/usr/lib/systemd/system", "/etc/systemd/system");
  static final String DROP_IN_NAME = "60-eksnode-compliance.conf";

  /**
   * Where a mount comes from.
   *
   * @param options the mount options, in order
   * @param file the fstab or unit file (or drop-in) that set them
   * @param fstabLine the index of the fstab line, or -1 when the mount comes from a unit
   */
  record Source(List<String> options, String file, int fstabLine) {
    Source {
      options = List.copyOf(options);
    }

    boolean fromFstab() {
      return fstabLine >= 0;
    }
  }

  private MountConfig() {}

  /** The mount's source, or empty when neither fstab nor the unit mounts it. */
  static Optional<Source> find(Host host, String mount, Optional<String> unit) {
    Optional<String> fstab = host.readString(FSTAB);
    if (fstab.isPresent()) {
      String[] lines = fstab.get().split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        String[] fields = lines[i].strip().split("\\s+");
        if (fields.length >= 4 && !fields[0].startsWith("#") && fields[1].equals(mount)) {
          return Optional.of(new Source(List.of(fields[3].split(",")), FSTAB, i));
        }
      }
    }
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    String unitFile = null;
    for (String directory : UNIT_DIRECTORIES) {
      if (host.readString(directory + "/" + unit.get()).isPresent()) {
        unitFile = directory + "/" + unit.get();
      }
    }
    if (unitFile == null) {
      return Optional.empty();
    }
    String optionsFile = unitFile;
    String options = mountOptions(host.readString(unitFile).orElse("")).orElse("defaults");
    for (String dropIn : dropIns(host, unit.get())) {
      Optional<String> value = mountOptions(host.readString(dropIn).orElse(""));
      if (value.isPresent()) {
        options = value.get();
        optionsFile = dropIn;
      }
    }
    return Optional.of(new Source(List.of(options.split(",")), optionsFile, -1));
  }

  private static List<String> dropIns(Host host, String unit) {
    java.util.TreeMap<String, String> byName = new java.util.TreeMap<>();
    for (String directory : UNIT_DIRECTORIES) {
      String dir = directory + "/" + unit + ".d";
      host.list(dir).stream().filter(n -> n.endsWith(".conf")).forEach(n -> byName.put(n, dir + "/" + n));
    }
    return new ArrayList<>(byName.values());
  }

  private static Optional<String> mountOptions(String unitText) {
    String found = null;
    for (String raw : unitText.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("Options=")) {
        found = line.substring("Options=".length()).strip();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The options with {@code required} added (and any contradicting {@code dev}/{@code exec}/{@code suid} removed). */
  static List<String> withOptions(List<String> options, Set<String> required) {
    Set<String> result = new LinkedHashSet<>(options);
    for (String option : required) {
      if (option.startsWith("no")) {
        result.remove(option.substring(2));
      }
      result.add(option);
    }
    return List.copyOf(result);
  }
}
