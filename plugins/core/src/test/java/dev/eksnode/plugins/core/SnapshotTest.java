package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden runner: every case under {@code src/test/snapshots} is booted over a realistic AL2023
 * root and compared with its {@code expected/} tree (content and mode of every file), its {@code
 * expected-actions.txt} and its {@code expected-aws-calls.txt}; then booted a second time, which must
 * change nothing and do nothing. {@code -Deksnode.updateSnapshots=true} rewrites the expectations
 * instead (refused when {@code CI} is set).
 */
class SnapshotTest {

  static final Path SNAPSHOTS = Path.of("src/test/snapshots");

  @TestFactory
  Stream<DynamicTest> snapshots() throws IOException {
    boolean update = Boolean.getBoolean("eksnode.updateSnapshots");
    if (update && System.getenv("CI") != null) {
      throw new IllegalStateException("eksnode.updateSnapshots is refused in CI: snapshots are updated on purpose, locally");
    }
    return SnapshotCase.all(SNAPSHOTS).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, update)));
  }

  private static void check(SnapshotCase snapshot, boolean update) throws IOException {
    Assumptions.assumeFalse(
        snapshot.usesUserData(),
        "user-data input needs the NodeConfig/MIME reader of the configuration issue; this case runs once it is merged");
    Path root = Files.createTempDirectory("eksnode-snapshot-" + snapshot.name() + "-");
    try {
      snapshot.seed(root);
      SnapshotCase.Run first = snapshot.run(root);
      List<String> failed = SnapshotCase.stepsNot(first.report(), Set.of("applied", "unchanged", "skipped"));
      assertTrue(failed.isEmpty(), () -> snapshot.name() + ": steps did not succeed: " + failed);
      if (update) {
        snapshot.update(first);
      } else {
        assertTree(snapshot.name(), snapshot.expectedFiles(), first.files());
        assertEquals(snapshot.expectedActions(), first.actions(), snapshot.name() + ": actions");
        assertEquals(snapshot.expectedAwsCalls(), first.awsCalls(), snapshot.name() + ": AWS API calls");
      }
      SnapshotCase.Run second = snapshot.run(root);
      List<String> changed = SnapshotCase.stepsNot(second.report(), Set.of("unchanged", "skipped"));
      assertTrue(changed.isEmpty(), () -> snapshot.name() + ": a second run must change nothing: " + changed);
      assertEquals(List.of(), second.actions(), snapshot.name() + ": a second run must restart nothing");
      assertTree(snapshot.name() + " (second run)", first.files(), second.files());
    } finally {
      deleteTree(root);
    }
  }

  /** Compares two trees and reports every difference at once: missing, unexpected and different files. */
  static void assertTree(String name, Map<String, SnapshotCase.FileState> expected, Map<String, SnapshotCase.FileState> actual) {
    List<String> problems = new ArrayList<>();
    Set<String> paths = new TreeSet<>(expected.keySet());
    paths.addAll(actual.keySet());
    for (String path : paths) {
      SnapshotCase.FileState want = expected.get(path);
      SnapshotCase.FileState got = actual.get(path);
      if (got == null) {
        problems.add("missing " + path);
      } else if (want == null) {
        problems.add("unexpected " + path + ":\n" + text(got));
      } else if (want.mode() != got.mode()) {
        problems.add(path + ": mode " + String.format("%04o", got.mode()) + ", expected " + String.format("%04o", want.mode()));
      } else if (!want.equals(got)) {
        problems.add(path + " differs:\n--- expected\n" + text(want) + "\n+++ actual\n" + text(got));
      }
    }
    if (!problems.isEmpty()) {
      fail(name + ": " + problems.size() + " difference(s) (update on purpose with -Deksnode.updateSnapshots=true):\n"
          + String.join("\n", problems));
    }
  }

  private static String text(SnapshotCase.FileState file) {
    return new String(file.content(), StandardCharsets.UTF_8);
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
