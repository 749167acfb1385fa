package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.spi.API;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.internal.CaseRunner;
import dev.eksnode.tck.internal.CaseSpec;
import dev.eksnode.tck.internal.SnapshotMode;
import dev.eksnode.tck.internal.Tree;
import dev.eksnode.tck.internal.TreeChanges;
import dev.eksnode.tck.internal.TreeDiff;
import dev.eksnode.tck.internal.UnifiedDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Snapshot checks for tests beside the conformance cases (a CLI's image build, a report over a case's
 * result), in the cases' form: a directory {@code expected/} holding what a run created or changed,
 * with {@code expected/.modes}, and {@code expected-deleted.txt} beside it listing what the run deleted
 * (see {@code docs/plugin-guide.md}). Run reports are never part of a snapshot. As with the cases, the
 * system property {@code eksnode.tck.update=true} rewrites snapshots instead of comparing with them,
 * and is refused when the environment variable {@code CI} is set.
 */
@API(status = STABLE, since = "0.1.0")
public final class Snapshots {

  private Snapshots() {}

  /**
   * Asserts that {@code root} differs from {@code start} exactly as the snapshot directory {@code
   * expected} and its {@code expected-deleted.txt} record, every other path untouched; with the
   * update property, records the difference there instead.
   *
   * @param expected the snapshot directory, e.g. {@code src/test/resources/image-cases/cis/expected}
   * @param start a copy of the root as the run found it
   * @param root the root the run left
   */
  public static void assertChanges(Path expected, Path start, Path root) {
    Tree before = Tree.capture(start, CaseRunner::isReport);
    Tree after = Tree.capture(root, CaseRunner::isReport);
    SnapshotMode mode = SnapshotMode.fromSystem();
    if (mode.update()) {
      mode.refuseInCi(expected.toString());
      TreeChanges.between(before, after).recordIn(expected);
      return;
    }
    if (!Files.isDirectory(expected)) {
      fail(expected + " does not exist: record the snapshot with " + SnapshotMode.HOW + ", review it and commit it");
    }
    List<String> differences = TreeDiff.describeChanges(before, TreeChanges.read(expected), after);
    if (!differences.isEmpty()) {
      fail(expected + ": the result differs from the snapshot (" + TreeDiff.count(differences) + "):\n"
          + TreeDiff.join(differences) + "If the new result is right, accept it with " + SnapshotMode.HOW + ".");
    }
  }

  /**
   * Asserts that {@code actual} is the text of {@code expected}, showing a unified diff when it is not;
   * with the update property, writes it there instead.
   */
  public static void assertText(Path expected, String actual) {
    SnapshotMode mode = SnapshotMode.fromSystem();
    String recorded = "";
    try {
      if (Files.isRegularFile(expected)) {
        recorded = Files.readString(expected);
      }
      if (mode.update()) {
        mode.refuseInCi(expected.toString());
        if (!recorded.equals(actual)) {
          Files.writeString(expected, actual);
        }
        return;
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot read or write " + expected + ": " + e.getMessage(), e);
    }
    String diff = UnifiedDiff.of(expected.toString(), recorded, "actual", actual);
    if (!diff.isEmpty()) {
      fail(expected + " differs:\n" + diff + "If the new text is right, accept it with " + SnapshotMode.HOW + ".");
    }
  }

  /**
   * Creates under {@code target} the root a conformance case's snapshot expects: its starting root (the
   * base root with {@code input/} on top) with what {@code expected/} and {@code expected-deleted.txt}
   * record applied. Run reports are not part of it.
   *
   * @param roots the base roots the case may name, e.g. {@code BaseRoots.withOwn(Path.of("src/test/tck/roots"))}
   */
  public static void seedExpected(Path caseDirectory, BaseRoots roots, Path target) {
    CaseSpec spec = CaseSpec.read(caseDirectory, roots);
    TreeChanges.read(caseDirectory.resolve(CaseSpec.EXPECTED)).applyTo(spec.start(roots)).materialize(target);
  }
}
