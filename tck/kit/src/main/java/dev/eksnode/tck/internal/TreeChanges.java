package dev.eksnode.tck.internal;

import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.internal.Tree.Dir;
import dev.eksnode.tck.internal.Tree.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a run did to a tree: the entries it created or changed (content or mode) and the paths it
 * deleted. Applied to the tree the run started from, it gives the tree the run left; every other path
 * is untouched.
 *
 * <p>On disk it is a snapshot directory, e.g. {@code expected/}, and a listing beside it named after it,
 * {@code expected-deleted.txt}:
 *
 * <ul>
 *   <li>the directory holds the files the run created or changed, and its {@value Tree#MODES} lists the
 *       mode of every entry it records, directories the run created or changed included ({@code
 *       <octal-mode> <relative-path>}, directories ending in {@code /}). A directory that is there only
 *       to hold a recorded file and is not listed records nothing: it is as it was.
 *   <li>the listing names each deleted path as a node path, one a line, directories ending in {@code /}
 *       (everything under them is deleted too), in path order; blank lines and {@code #} comments are
 *       ignored. It is absent when the run deleted nothing.
 * </ul>
 *
 * @param changed the entries created or changed, as they are after the run; no unchanged parent
 *     directories
 * @param deleted the deleted paths relative to the top ({@code etc/old.conf}), directories ending in
 *     {@code /}, none under another deleted directory
 */
public record TreeChanges(Tree changed, SortedSet<String> deleted) {

  /** How the deletions listing is named after its directory: {@code expected} -> {@code expected-deleted.txt}. */
  public static final String DELETED_SUFFIX = "-deleted.txt";

  public TreeChanges {
    deleted = Collections.unmodifiableSortedSet(new TreeSet<>(deleted));
  }

  /** What turned {@code before} into {@code after}. */
  public static TreeChanges between(Tree before, Tree after) {
    TreeMap<String, Entry> changed = new TreeMap<>();
    after.entries().forEach((path, entry) -> {
      if (!entry.equals(before.entries().get(path))) {
        changed.put(path, entry);
      }
    });
    SortedSet<String> deleted = new TreeSet<>();
    before.entries().forEach((path, entry) -> {
      int slash = path.lastIndexOf('/');
      String parent = slash > 0 ? path.substring(0, slash) : "";
      boolean parentDeleted = before.entries().containsKey(parent) && !after.entries().containsKey(parent);
      if (!after.entries().containsKey(path) && !parentDeleted) {
        deleted.add(entry instanceof Dir ? path + "/" : path);
      }
    });
    return new TreeChanges(Tree.of(changed), deleted);
  }

  /** The tree these changes make of {@code before}. */
  public Tree applyTo(Tree before) {
    return before.without(this::isDeleted).overlay(changed);
  }

  /** Whether {@code path} is deleted, itself or with a directory above it. */
  public boolean isDeleted(String path) {
    for (String gone : deleted) {
      if (gone.endsWith("/") ? path.equals(gone.substring(0, gone.length() - 1)) || path.startsWith(gone) : path.equals(gone)) {
        return true;
      }
    }
    return false;
  }

  /** Whether these changes say anything about {@code path}: created, changed or deleted. */
  public boolean records(String path) {
    return changed.entries().containsKey(path) || isDeleted(path);
  }

  /** The listing beside a snapshot directory that names what was deleted. */
  public static Path deletedListing(Path directory) {
    return directory.resolveSibling(directory.getFileName() + DELETED_SUFFIX);
  }

  /**
   * Reads the changes recorded in {@code directory} and its deletions listing.
   *
   * @throws EksnodeException naming the file, and the line, of what is malformed: a bad modes listing,
   *     a deleted path that is not a node path, listed twice, or also recorded in the directory
   */
  public static TreeChanges read(Path directory) {
    Path listing = directory.resolve(Tree.MODES);
    Set<String> listedDirectories = new HashSet<>();
    if (Files.isRegularFile(listing)) {
      Tree.Modes.parse(text(listing), listing.toString()).keySet().stream().filter(path -> path.endsWith("/"))
          .forEach(path -> listedDirectories.add(path.substring(0, path.length() - 1)));
    }
    Tree onDisk = Tree.readSnapshot(directory);
    Tree changed = onDisk.without(path -> onDisk.entries().get(path) instanceof Dir && !listedDirectories.contains(path));
    Path deletions = deletedListing(directory);
    SortedSet<String> deleted = new TreeSet<>();
    if (Files.isRegularFile(deletions)) {
      String[] lines = text(deletions).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String where = deletions + ", line " + (i + 1) + ": ";
        String path = line.startsWith("/") ? line.substring(1) : "";
        String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (bare.isEmpty() || bare.contains("//")
            || Arrays.stream(bare.split("/")).anyMatch(part -> part.equals(".") || part.equals(".."))) {
          throw new EksnodeException(where + "expected a node path (e.g. '/etc/old.conf', directories with a trailing /),"
              + " found '" + line + "'");
        }
        if (deleted.contains(bare) || deleted.contains(bare + "/")) {
          throw new EksnodeException(where + "'" + line + "' is listed twice");
        }
        deleted.add(path);
      }
    }
    TreeChanges changes = new TreeChanges(changed, deleted);
    for (String path : changed.entries().keySet()) {
      if (changes.isDeleted(path)) {
        throw new EksnodeException(deletions + ": deletes '/" + path + "', which " + directory + " records as created or changed");
      }
    }
    return changes;
  }

  /** How many paths these changes name: created or changed entries and deleted paths. */
  public int size() {
    return changed.entries().size() + deleted.size();
  }

  /**
   * Records these changes in {@code directory} and its deletions listing, unless they already hold
   * them, so that an update leaves a snapshot that is right as it is.
   */
  public void recordIn(Path directory) {
    if (!Files.isDirectory(directory) || !read(directory).equals(this)) {
      write(directory);
    }
  }

  /** Replaces what {@code directory} and its deletions listing hold with these changes. */
  public void write(Path directory) {
    changed.writeSnapshot(directory);
    Path deletions = deletedListing(directory);
    try {
      if (deleted.isEmpty()) {
        Files.deleteIfExists(deletions);
      } else {
        StringBuilder text = new StringBuilder();
        deleted.forEach(path -> text.append('/').append(path).append('\n'));
        Files.writeString(deletions, text);
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot write " + deletions + ": " + e.getMessage(), e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new EksnodeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
