package dev.eksnode.tck.internal;

import dev.eksnode.tck.internal.Tree.Dir;
import dev.eksnode.tck.internal.Tree.Entry;
import dev.eksnode.tck.internal.Tree.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Describes how two trees differ, path by path, with a unified diff for each text file that differs. */
public final class TreeDiff {

  private TreeDiff() {}

  /**
   * One description per differing path, sorted by path.
   *
   * @param wantedLabel how diffs name the reference side, e.g. {@code expected}
   * @param actualLabel how diffs name the other side, e.g. {@code actual}
   */
  public static List<String> describe(Tree wanted, Tree actual, String wantedLabel, String actualLabel) {
    Set<String> paths = new TreeSet<>(wanted.entries().keySet());
    paths.addAll(actual.entries().keySet());
    List<String> differences = new ArrayList<>();
    for (String path : paths) {
      Entry want = wanted.entries().get(path);
      Entry got = actual.entries().get(path);
      if (want != null && want.equals(got)) {
        continue;
      }
      differences.add(describe(path, want, got, wantedLabel, actualLabel));
    }
    return differences;
  }

  /**
   * How the tree a run left differs from what a snapshot records, one description per path, sorted by
   * path. A path the snapshot records (created, changed or deleted) is compared with the recorded state;
   * any other path with the starting tree, since the snapshot has it untouched. A recorded deletion the
   * run did not make is one difference however much is under it; a recorded change the run left as it
   * started (an unchanged copy) and a recorded deletion of a path the start does not have are
   * differences too.
   */
  public static List<String> describeChanges(Tree start, TreeChanges recorded, Tree actual) {
    Tree expected = recorded.applyTo(start);
    Set<String> paths = new TreeSet<>(expected.entries().keySet());
    paths.addAll(actual.entries().keySet());
    paths.addAll(recorded.changed().entries().keySet());
    List<String> differences = new ArrayList<>();
    for (String path : paths) {
      Entry want = expected.entries().get(path);
      Entry got = actual.entries().get(path);
      Entry was = start.entries().get(path);
      if (!recorded.records(path)) {
        if (!Objects.equals(want, got)) {
          differences.add(untouched(path, want, got));
        }
      } else if (want == null && got != null && was != null && recorded.isDeleted(path)) {
        if (recorded.deleted().contains(path) || recorded.deleted().contains(path + "/")) {
          differences.add("/" + path + (got instanceof Dir ? "/" : "") + ": recorded as deleted, but the run left it (" + got + ")");
        }
      } else if (!Objects.equals(want, got)) {
        differences.add(describe(path, want, got, "expected", "actual"));
      } else if (recorded.changed().entries().containsKey(path) && Objects.equals(want, was)) {
        differences.add("/" + path + ": recorded as changed, but it is as it was in the starting root (" + was
            + "); a snapshot records only what the run changed");
      }
    }
    for (String deleted : recorded.deleted()) {
      String path = deleted.endsWith("/") ? deleted.substring(0, deleted.length() - 1) : deleted;
      if (!start.entries().containsKey(path)) {
        differences.add("/" + deleted + ": recorded as deleted, but the starting root has no such path");
      }
    }
    differences.sort(null);
    return differences;
  }

  /** How a path the snapshot has untouched differs from the start ({@code was}); {@code null} entries are absent. */
  private static String untouched(String path, Entry was, Entry got) {
    String node = "/" + path;
    if (was == null) {
      return node + ": created, but the snapshot does not record it (" + got + ")"
          + (got instanceof File file ? "\n" + contentDiff("/dev/null", new byte[0], "actual" + node, file.content()) : "");
    }
    if (got == null) {
      return node + ": deleted, but the snapshot records no change to it (start: " + was + ")";
    }
    return node + ": changed, but the snapshot records no change to it: " + detail(path, was, got, "start", "actual");
  }

  /** How one path differs; {@code null} entries are absent. */
  public static String describe(String path, Entry want, Entry got, String wantedLabel, String actualLabel) {
    String detail = detail(path, want, got, wantedLabel, actualLabel);
    return "/" + path + (want instanceof Dir && got instanceof Dir ? "/" : "") + ": " + detail;
  }

  private static String detail(String path, Entry want, Entry got, String wantedLabel, String actualLabel) {
    String node = "/" + path;
    if (got == null) {
      return "missing (" + wantedLabel + ": " + want + ")";
    }
    if (want == null) {
      String text = "not in " + wantedLabel + " (" + got + ")";
      if (got instanceof File file) {
        text += "\n" + contentDiff("/dev/null", new byte[0], actualLabel + node, file.content());
      }
      return text;
    }
    if (want instanceof Dir || got instanceof Dir) {
      if (want instanceof Dir && got instanceof Dir) {
        return "mode " + Tree.Modes.format(got.mode()) + ", " + wantedLabel + " " + Tree.Modes.format(want.mode());
      }
      return "is a " + (got instanceof Dir ? "directory" : "file") + ", " + wantedLabel + " a "
          + (want instanceof Dir ? "directory" : "file");
    }
    File wantFile = (File) want;
    File gotFile = (File) got;
    List<String> parts = new ArrayList<>();
    if (wantFile.mode() != gotFile.mode()) {
      parts.add("mode " + Tree.Modes.format(gotFile.mode()) + ", " + wantedLabel + " " + Tree.Modes.format(wantFile.mode()));
    }
    String text = parts.isEmpty() ? "content differs" : String.join("; ", parts);
    if (!java.util.Arrays.equals(wantFile.content(), gotFile.content())) {
      if (!parts.isEmpty()) {
        text += "; content differs";
      }
      text += "\n" + contentDiff(wantedLabel + node, wantFile.content(), actualLabel + node, gotFile.content());
    }
    return text;
  }

  /** How many paths differences name: {@code 1 path}, {@code 3 paths}. */
  public static String count(List<String> differences) {
    return differences.size() + (differences.size() == 1 ? " path" : " paths");
  }

  /** The differences as one text, each ending in a newline. */
  public static String join(List<String> differences) {
    StringBuilder text = new StringBuilder();
    differences.forEach(d -> text.append(d.endsWith("\n") ? d : d + "\n"));
    return text.toString();
  }

  /** A unified diff of two contents, or a one-line note when either is not text. */
  public static String contentDiff(String wantedName, byte[] wanted, String actualName, byte[] actual) {
    if (!UnifiedDiff.isText(wanted) || !UnifiedDiff.isText(actual)) {
      return "binary content differs: " + wanted.length + " bytes in " + wantedName + ", " + actual.length
          + " bytes in " + actualName + "\n";
    }
    return UnifiedDiff.of(
        wantedName, new String(wanted, java.nio.charset.StandardCharsets.UTF_8),
        actualName, new String(actual, java.nio.charset.StandardCharsets.UTF_8));
  }
}
