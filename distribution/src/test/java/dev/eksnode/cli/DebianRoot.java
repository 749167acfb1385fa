package dev.eksnode.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A minimal Debian root assembled from this Debian machine's installed packages, for DistributionIT. */
final class DebianRoot {

  private DebianRoot() {}

  /**
   * The installed packages of priority "required" and, transitively, the installed packages they
   * (pre-)depend on, from {@code dpkg-query -W -f='${Package}\t${Priority}\t${Status}\t${Pre-Depends}\t${Depends}\n'}.
   * Of alternatives ({@code a | b}) the first installed one is taken; virtual packages no installed
   * package is named after are skipped.
   */
  static List<String> minbase(String query) {
    Map<String, String[]> installed = new HashMap<>();
    for (String line : query.split("\n")) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 5 && fields[2].endsWith(" installed")) {
        installed.put(fields[0], fields);
      }
    }
    Set<String> chosen = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>();
    installed.values().stream().filter(fields -> fields[1].equals("required")).forEach(fields -> pending.add(fields[0]));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!chosen.add(name)) {
        continue;
      }
      String[] fields = installed.get(name);
      for (String item : (fields[3] + "," + fields[4]).split(",")) {
        for (String alternative : item.split("\\|")) {
          String dependency = alternative.replaceAll("\\(.*\\)", "").replace(":any", "").strip();
          if (installed.containsKey(dependency)) {
            pending.add(dependency);
            break;
          }
        }
      }
    }
    return List.copyOf(chosen);
  }

  /**
   * Copies into {@code root} the merged-/usr top-level links of this machine and every path {@code dpkg
   * -L} listed (directories, files and links as they are), then the account databases a debootstrap
   * creates from base-passwd's masters, and the mount points {@code /proc}, {@code /dev}, {@code /tmp}.
   */
  static void build(Path root, String dpkgListing) throws IOException {
    for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
      Path host = Path.of("/", top);
      if (Files.isSymbolicLink(host)) {
        Path link = Files.readSymbolicLink(host);
        Files.createDirectories(root.resolve(link.toString()));
        Files.createSymbolicLink(root.resolve(top), link);
      }
    }
    new TreeSet<>(List.of(dpkgListing.split("\n"))).stream().filter(line -> line.startsWith("/")).forEach(line -> copy(root, line));
    Files.createDirectories(root.resolve("etc"));
    Files.copy(Path.of("/usr/share/base-passwd/passwd.master"), root.resolve("etc/passwd"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of("/usr/share/base-passwd/group.master"), root.resolve("etc/group"), StandardCopyOption.REPLACE_EXISTING);
    for (String directory : List.of("proc", "dev", "tmp", "run")) {
      Files.createDirectories(root.resolve(directory));
    }
  }

  private static void copy(Path root, String path) {
    Path source = Path.of(path);
    Path target = root.resolve(path.substring(1));
    try {
      if (Files.isSymbolicLink(source)) {
        Files.createDirectories(target.getParent());
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(source));
        }
      } else if (Files.isDirectory(source)) {
        if (!Files.isDirectory(target)) {
          Files.createDirectories(target);
        }
      } else if (Files.isRegularFile(source) && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(target.getParent());
        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + path + " into " + root, e);
    }
  }
}
