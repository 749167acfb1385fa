package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.fixtures.GoodPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenUpdateTest {

  static final Path CASE = Path.of("src/test/tck/good/cases/al2023-defaults");
  static final Path BLUE = Path.of("src/test/tck/good/cases/gpu-g5-blue");

  @TempDir Path dir;

  private CaseChecks checks(Path caseDir) {
    BaseRoots roots = BaseRoots.shipped();
    CaseSpec spec = CaseSpec.read(caseDir, roots);
    return new CaseChecks(new CaseRunner(new PluginUnderTest(new GoodPlugin(), "built-in"), spec, roots), spec.start(roots));
  }

  private Path copyWithoutSnapshot() throws Exception {
    Path copy = dir.resolve("al2023-defaults");
    Files.createDirectories(copy);
    for (String file : new String[] {CaseSpec.CASE_TOML, CaseSpec.CONFIG}) {
      Files.copy(CASE.resolve(file), copy.resolve(file));
    }
    return copy;
  }

  @Test
  void withoutASnapshotGoldenFailsAndSaysHowToRecordOne() throws Exception {
    Path copy = copyWithoutSnapshot();

    AssertionError error = assertThrows(AssertionError.class, () -> checks(copy).golden(SnapshotMode.of(false, Map.of())));

    assertTrue(error.getMessage().startsWith(copy + ": no snapshot yet (expected/ does not exist). Record one with"
        + " -Deksnode.tck.update=true"), error.getMessage());
  }

  @Test
  void anUpdateRecordsTheSnapshotThatIsCommittedForTheSameCase() throws Exception {
    Path copy = copyWithoutSnapshot();

    checks(copy).golden(SnapshotMode.of(true, Map.of()));

    assertEquals(TreeChanges.read(CASE.resolve(CaseSpec.EXPECTED)), TreeChanges.read(copy.resolve(CaseSpec.EXPECTED)));
    assertTrue(Files.notExists(copy.resolve("expected/etc/os-release")), "the base root's files are not copied");
    assertEquals(Files.readString(CASE.resolve(CaseSpec.EXPECTED_ACTIONS)), Files.readString(copy.resolve(CaseSpec.EXPECTED_ACTIONS)));
    assertDoesNotThrow(() -> checks(copy).golden(SnapshotMode.of(false, Map.of())));
  }

  @Test
  void anUpdateIsRefusedOnABuildServerAndWritesNothing() throws Exception {
    Path copy = copyWithoutSnapshot();

    assertThrows(AssertionError.class, () -> checks(copy).golden(SnapshotMode.of(true, Map.of("CI", "1"))));

    assertTrue(Files.notExists(copy.resolve(CaseSpec.EXPECTED)));
  }

  @Test
  void aChangedFileIsShownAsAUnifiedDiffWithItsMode() throws Exception {
    Path copy = copyWithoutSnapshot();
    checks(copy).golden(SnapshotMode.of(true, Map.of()));
    Files.writeString(copy.resolve("expected/etc/good/greeting"), "hello, red\n");
    Files.writeString(copy.resolve("expected/.modes"),
        Files.readString(copy.resolve("expected/.modes")).replace("0600 etc/good/greeting", "0644 etc/good/greeting"));

    AssertionError error = assertThrows(AssertionError.class, () -> checks(copy).golden(SnapshotMode.of(false, Map.of())));

    assertEquals(copy + ": the result differs from the snapshot (1 path):\n"
        + "/etc/good/greeting: mode 0600, expected 0644; content differs\n"
        + "--- expected/etc/good/greeting\n"
        + "+++ actual/etc/good/greeting\n"
        + "@@ -1 +1 @@\n"
        + "-hello, red\n"
        + "+hello, green\n"
        + "If the new result is right, accept it with -Deksnode.tck.update=true (e.g. ./mvnw verify -Deksnode.tck.update=true).",
        error.getMessage());
  }

  @Test
  void aTouchedPathTheSnapshotDoesNotRecordIsReportedAgainstTheStart() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("gpu-g5-blue"));
    for (String file : new String[] {CaseSpec.CASE_TOML, CaseSpec.CONFIG}) {
      Files.copy(BLUE.resolve(file), copy.resolve(file));
    }
    Tree.readSnapshot(BLUE.resolve(CaseSpec.INPUT)).writeSnapshot(copy.resolve(CaseSpec.INPUT));
    checks(copy).golden(SnapshotMode.of(true, Map.of()));
    Files.delete(copy.resolve("expected/etc/good/greeting"));
    Files.writeString(copy.resolve("expected/.modes"),
        Files.readString(copy.resolve("expected/.modes")).replace("0600 etc/good/greeting\n", ""));

    AssertionError error = assertThrows(AssertionError.class, () -> checks(copy).golden(SnapshotMode.of(false, Map.of())));

    assertEquals(copy + ": the result differs from the snapshot (1 path):\n"
        + "/etc/good/greeting: changed, but the snapshot records no change to it: content differs\n"
        + "--- start/etc/good/greeting\n"
        + "+++ actual/etc/good/greeting\n"
        + "@@ -1 +1 @@\n"
        + "-hi, green\n"
        + "+hi, blue\n"
        + "If the new result is right, accept it with -Deksnode.tck.update=true (e.g. ./mvnw verify -Deksnode.tck.update=true).",
        error.getMessage());
  }

  @Test
  void aRecordedCopyOfAnUntouchedFileIsReportedAsNotAChange() throws Exception {
    Path copy = copyWithoutSnapshot();
    checks(copy).golden(SnapshotMode.of(true, Map.of()));
    Files.writeString(copy.resolve("expected/etc/os-release"), new String(
        BaseRoots.shipped().content("al2023", "etc/os-release").orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(copy.resolve("expected/.modes"), Files.readString(copy.resolve("expected/.modes")) + "0644 etc/os-release\n");

    AssertionError error = assertThrows(AssertionError.class, () -> checks(copy).golden(SnapshotMode.of(false, Map.of())));

    assertTrue(error.getMessage().startsWith(copy + ": the result differs from the snapshot (1 path):\n"
        + "/etc/os-release: recorded as changed, but it is as it was in the starting root (file 0644, "), error.getMessage());
    checks(copy).golden(SnapshotMode.of(true, Map.of()));
    assertTrue(Files.notExists(copy.resolve("expected/etc/os-release")), "an update drops the copy");
    assertDoesNotThrow(() -> checks(copy).golden(SnapshotMode.of(false, Map.of())));
  }
}
