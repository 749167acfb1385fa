package dev.eksnode.plugins.core.systemd;

import dev.eksnode.spi.Host;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a service must be restarted: a listing of the digests of every file the service
 * reads is kept under {@value #STATE_DIRECTORY}, and only a difference from the last listing restarts
 * it. Because the listing is recorded after the restart succeeded, a run interrupted between writing a
 * file and restarting still restarts on the next run. Whether systemd must reload first is {@link
 * LoadedUnits}'s business.
 *
 * @param unit e.g. {@code kubelet.service}
 * @param listing {@code sha256 mode path} per file, in the order the paths were given
 * @param restart whether anything the service reads changed since the last recorded listing
 */
public record ServiceInputs(String unit, String listing, boolean restart) {

  static final String STATE_DIRECTORY = "/var/lib/eksnode/state";

  /**
   * Lists the paths (files, or directories whose files count) a unit reads, followed by every file
   * their {@code EnvironmentFile=} lines name (another plugin's, e.g. the proxy's {@code proxy.env});
   * missing paths are left out.
   */
  public static ServiceInputs check(Host host, String unit, List<String> paths) {
    Map<String, byte[]> files = read(host, paths);
    List<String> environmentFiles = new ArrayList<>();
    files.forEach((path, content) -> {
      if (path.startsWith("/etc/systemd/") || path.startsWith("/usr/lib/systemd/")) {
        new String(content, StandardCharsets.UTF_8).lines().map(String::strip)
            .filter(line -> line.startsWith("EnvironmentFile="))
            .map(line -> line.substring("EnvironmentFile=".length()).replaceFirst("^-", "").strip())
            .filter(file -> file.startsWith("/") && !files.containsKey(file) && !environmentFiles.contains(file))
            .forEach(environmentFiles::add);
      }
    });
    files.putAll(read(host, environmentFiles));
    String listing = listing(host, files);
    boolean restart = host.readString(statePath(unit)).map(old -> !old.equals(listing)).orElse(true);
    return new ServiceInputs(unit, listing, restart);
  }

  /** The content of each file, or of each file in a directory, in the order given; missing paths left out. */
  static Map<String, byte[]> read(Host host, List<String> paths) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String path : paths) {
      Optional<byte[]> content = host.read(path);
      if (content.isPresent()) {
        files.put(path, content.get());
      } else {
        for (String name : host.list(path)) {
          String child = path + "/" + name;
          host.read(child).ifPresent(bytes -> files.put(child, bytes));
        }
      }
    }
    return files;
  }

  /** {@code sha256 mode path} of each file, a line each. */
  static String listing(Host host, Map<String, byte[]> files) {
    List<String> lines = new ArrayList<>();
    files.forEach((path, content) -> lines.add(line(host, path, content)));
    return String.join("\n", lines) + "\n";
  }

  /** Records the listing once the service runs with these inputs. */
  public void commit(Host host) {
    host.writeString(statePath(unit), listing, 0600);
  }

  public static String statePath(String unit) {
    return STATE_DIRECTORY + "/" + unit + ".inputs";
  }

  static String pathOf(String line) {
    return line.substring(line.lastIndexOf(' ') + 1);
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
