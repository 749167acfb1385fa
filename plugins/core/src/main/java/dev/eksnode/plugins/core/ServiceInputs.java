package dev.eksnode.plugins.core;

import dev.eksnode.spi.Host;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a service must be reloaded or restarted: a listing of the digests of every file the
 * service reads is kept under {@value #STATE_DIRECTORY}, and only a difference from the last listing
 * restarts it. Because the listing is recorded after the restart succeeded, a run interrupted between
 * writing a file and restarting still restarts on the next run.
 *
 * @param unit e.g. {@code kubelet.service}
 * @param listing {@code sha256 mode path} per file, in the order the paths were given
 * @param restart whether anything the service reads changed since the last recorded listing
 * @param reload whether a unit file or drop-in changed, so systemd must reload first
 *
 * <p>Without a recorded listing (the first boot) the units systemd loaded at boot are the image's, so
 * a reload is needed only when this run changed one of them.
 */
record ServiceInputs(String unit, String listing, boolean restart, boolean reload) {

  static final String STATE_DIRECTORY = "/var/lib/eksnode/state";

  /**
   * Lists the paths (files, or directories whose files count) a unit reads; missing paths are left
   * out. {@code changedThisRun} are the files the run changed so far, which decide the reload when no
   * listing was recorded yet; {@code loadedThisRun} are those a reload in this run already covered.
   */
  static ServiceInputs check(
      Host host, String unit, List<String> paths, Set<String> changedThisRun, Set<String> loadedThisRun) {
    List<String> lines = new ArrayList<>();
    for (String path : paths) {
      Optional<byte[]> content = host.read(path);
      if (content.isPresent()) {
        lines.add(line(host, path, content.get()));
      } else {
        for (String name : host.list(path)) {
          String child = path + "/" + name;
          host.read(child).ifPresent(bytes -> lines.add(line(host, child, bytes)));
        }
      }
    }
    String listing = String.join("\n", lines) + "\n";
    Optional<String> previous = host.readString(statePath(unit));
    boolean restart = previous.map(old -> !old.equals(listing)).orElse(true);
    Set<String> unitChanges = new TreeSet<>();
    if (previous.isPresent()) {
      // Added, removed or changed unit files: the lines in one listing but not the other.
      Set<String> before = new TreeSet<>(unitLines(previous.get()));
      Set<String> after = new TreeSet<>(unitLines(listing));
      before.stream().filter(line -> !after.contains(line)).forEach(line -> unitChanges.add(pathOf(line)));
      after.stream().filter(line -> !before.contains(line)).forEach(line -> unitChanges.add(pathOf(line)));
    } else {
      unitLines(listing).stream().map(ServiceInputs::pathOf).filter(changedThisRun::contains).forEach(unitChanges::add);
    }
    unitChanges.removeAll(loadedThisRun);
    boolean reload = !unitChanges.isEmpty();
    return new ServiceInputs(unit, listing, restart, reload);
  }

  /** Records the listing once the service runs with these inputs. */
  void commit(Host host) {
    host.writeString(statePath(unit), listing, 0644);
  }

  static String statePath(String unit) {
    return STATE_DIRECTORY + "/" + unit + ".inputs";
  }

  private static List<String> unitLines(String listing) {
    return listing.lines().filter(line -> isUnitFile(pathOf(line))).toList();
  }

  private static String pathOf(String line) {
    return line.substring(line.lastIndexOf(' ') + 1);
  }

  /** Unit files and their drop-ins: what {@code systemctl daemon-reload} reads. */
  static boolean isUnitFile(String path) {
    return path.startsWith("/etc/systemd/system/") || path.startsWith("/usr/lib/systemd/system/");
  }

  private static String line(Host host, String path, byte[] content) {
    try {
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      return digest + " " + String.format("%04o", host.mode(path).orElse(0)) + " " + path;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
