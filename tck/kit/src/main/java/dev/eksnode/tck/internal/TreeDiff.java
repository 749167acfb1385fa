package dev.eksnode.tck.internal;

import dev.eksnode.tck.internal.Tree.Dir;
import dev.eksnode.tck.internal.Tree.Entry;
import dev.eksnode.tck.internal.Tree.File;
import java.util.ArrayList;
import java.util.List;
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

  /** How one path differs; {@code null} entries are absent. */
  public static String describe(String path, Entry want, Entry got, String wantedLabel, String actualLabel) {
    String node = "/" + path;
    if (got == null) {
      return node + ": missing (" + wantedLabel + ": " + want + ")";
    }
    if (want == null) {
      String text = node + ": not in " + wantedLabel + " (" + got + ")";
      if (got instanceof File file) {
        text += "\n" + contentDiff("/dev/null", new byte[0], actualLabel + node, file.content());
      }
      return text;
    }
    if (want instanceof Dir || got instanceof Dir) {
      if (want instanceof Dir && got instanceof Dir) {
        return node + "/: mode " + Tree.Modes.format(got.mode()) + ", " + wantedLabel + " " + Tree.Modes.format(want.mode());
      }
      return node + ": is a " + (got instanceof Dir ? "directory" : "file") + ", " + wantedLabel + " a "
          + (want instanceof Dir ? "directory" : "file");
    }
    File wantFile = (File) want;
    File gotFile = (File) got;
    List<String> parts = new ArrayList<>();
    if (wantFile.mode() != gotFile.mode()) {
      parts.add("mode " + Tree.Modes.format(gotFile.mode()) + ", " + wantedLabel + " " + Tree.Modes.format(wantFile.mode()));
    }
    String text = node + ": " + (parts.isEmpty() ? "content differs" : String.join("; ", parts));
    if (!java.util.Arrays.equals(wantFile.content(), gotFile.content())) {
      if (!parts.isEmpty()) {
        text += "; content differs";
      }
      text += "\n" + contentDiff(wantedLabel + node, wantFile.content(), actualLabel + node, gotFile.content());
    }
    return text;
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
