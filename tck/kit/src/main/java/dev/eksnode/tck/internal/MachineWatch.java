package dev.eksnode.tck.internal;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Looks for writes a plugin made to the machine running the tests instead of under the root: before a
 * run it notes what exists under the literal prefixes of the paths the plugins own ({@code /etc/acme}
 * for {@code /etc/acme/**}) on the real filesystem, and afterwards what changed there. Prefixes with
 * fewer than two segments ({@code /etc}) are too broad to watch and are skipped; at most {@value
 * #LIMIT} entries per prefix are noted.
 */
public final class MachineWatch {

  private static final int LIMIT = 5000;

  private final Set<Path> prefixes = new TreeSet<>();
  private final Map<Path, String> before;

  private MachineWatch(Collection<String> ownedPatterns) {
    for (String pattern : ownedPatterns) {
      String prefix = Globs.literalPrefix(pattern);
      if (prefix.startsWith("/") && Path.of(prefix).getNameCount() >= 2) {
        prefixes.add(Path.of(prefix));
      }
    }
    before = state();
  }

  /** Starts watching under the literal prefixes of {@code ownedPatterns}. */
  public static MachineWatch start(Collection<String> ownedPatterns) {
    return new MachineWatch(ownedPatterns);
  }

  /** The real paths created, changed or deleted since {@link #start}, sorted. */
  public List<String> changes() {
    Map<Path, String> after = state();
    Set<Path> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    List<String> changes = new ArrayList<>();
    for (Path path : paths) {
      String was = before.get(path);
      String now = after.get(path);
      if (was == null) {
        changes.add("created " + path);
      } else if (now == null) {
        changes.add("deleted " + path);
      } else if (!was.equals(now)) {
        changes.add("changed " + path);
      }
    }
    return changes;
  }

  private Map<Path, String> state() {
    Map<Path, String> state = new TreeMap<>();
    for (Path prefix : prefixes) {
      if (!Files.exists(prefix, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(prefix, 8, new FileVisitOption[0])) {
        walk.limit(LIMIT).forEach(path -> {
          try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            state.put(path, attributes.isDirectory() ? "dir" : attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
          } catch (IOException e) {
            state.put(path, "unreadable");
          }
        });
      } catch (IOException | java.io.UncheckedIOException e) {
        state.put(prefix, "unreadable");
      }
    }
    return state;
  }
}
