package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.EksnodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeChangesTest {

  @TempDir Path dir;

  private static Tree.File file(String text, int mode) {
    return new Tree.File(text.getBytes(), mode);
  }

  private static final Tree BEFORE = Tree.of(Map.of(
      "etc", new Tree.Dir(0755),
      "etc/a.conf", file("a\n", 0644),
      "etc/b.conf", file("b\n", 0644),
      "etc/same.conf", file("same\n", 0644),
      "old", new Tree.Dir(0755),
      "old/x", file("x\n", 0644),
      "old/y", new Tree.Dir(0700)));

  private static final Tree AFTER = Tree.of(Map.of(
      "etc", new Tree.Dir(0755),
      "etc/a.conf", file("a, changed\n", 0644),
      "etc/b.conf", file("b\n", 0600),
      "etc/same.conf", file("same\n", 0644),
      "etc/conf.d", new Tree.Dir(0750),
      "etc/conf.d/new.conf", file("new\n", 0644)));

  @Test
  void recordsCreatedAndChangedEntriesAndOnlyTheTopmostDeletedPath() {
    TreeChanges changes = TreeChanges.between(BEFORE, AFTER);

    assertEquals(List.of("etc/a.conf", "etc/b.conf", "etc/conf.d", "etc/conf.d/new.conf"),
        List.copyOf(changes.changed().entries().keySet()));
    assertEquals(Set.of("old/"), changes.deleted());
    assertEquals(AFTER, changes.applyTo(BEFORE));
  }

  @Test
  void aDirectoryReplacedByAFileDeletesWhatWasUnderIt() {
    Tree before = Tree.of(Map.of("p", new Tree.Dir(0755), "p/x", file("x\n", 0644)));
    Tree after = Tree.of(Map.of("p", file("p\n", 0644)));

    TreeChanges changes = TreeChanges.between(before, after);

    assertEquals(Set.of("p/x"), changes.deleted());
    assertEquals(after, changes.applyTo(before));
  }

  @Test
  void writesOnlyTheChangesAndReadsThemBack() throws Exception {
    Path expected = dir.resolve("expected");
    TreeChanges changes = TreeChanges.between(BEFORE, AFTER);

    changes.write(expected);

    assertEquals(changes, TreeChanges.read(expected));
    assertEquals("0644 etc/a.conf\n0600 etc/b.conf\n0750 etc/conf.d/\n0644 etc/conf.d/new.conf\n",
        Files.readString(expected.resolve(Tree.MODES)), "etc/ holds recorded files but is unchanged: not listed");
    assertEquals("/old/\n", Files.readString(dir.resolve("expected-deleted.txt")));
    assertFalse(Files.exists(expected.resolve("etc/same.conf")));
  }

  @Test
  void anUpdateWithoutDeletionsRemovesAStaleDeletionsListing() throws Exception {
    Path expected = dir.resolve("expected");
    TreeChanges.between(BEFORE, AFTER).write(expected);

    TreeChanges.between(BEFORE, BEFORE).recordIn(expected);

    assertFalse(Files.exists(dir.resolve("expected-deleted.txt")));
    assertEquals("", Files.readString(expected.resolve(Tree.MODES)));
    assertEquals(TreeChanges.between(BEFORE, BEFORE), TreeChanges.read(expected));
  }

  @Test
  void rejectsADeletionThatIsNotANodePathNamingItsLine() throws Exception {
    Files.createDirectories(dir.resolve("expected"));
    Files.writeString(dir.resolve("expected-deleted.txt"), "# deleted by the run\n/etc/old.conf\netc/other.conf\n");

    EksnodeException error = assertThrows(EksnodeException.class, () -> TreeChanges.read(dir.resolve("expected")));

    assertEquals(dir.resolve("expected-deleted.txt") + ", line 3: expected a node path (e.g. '/etc/old.conf',"
        + " directories with a trailing /), found 'etc/other.conf'", error.getMessage());
  }

  @Test
  void rejectsAPathListedTwice() throws Exception {
    Files.createDirectories(dir.resolve("expected"));
    Files.writeString(dir.resolve("expected-deleted.txt"), "/old/\n/old\n");

    EksnodeException error = assertThrows(EksnodeException.class, () -> TreeChanges.read(dir.resolve("expected")));

    assertEquals(dir.resolve("expected-deleted.txt") + ", line 2: '/old' is listed twice", error.getMessage());
  }

  @Test
  void rejectsADeletionOfWhatTheDirectoryRecords() throws Exception {
    Files.createDirectories(dir.resolve("expected/old"));
    Files.writeString(dir.resolve("expected/old/x"), "x\n");
    Files.writeString(dir.resolve("expected-deleted.txt"), "/old/\n");

    EksnodeException error = assertThrows(EksnodeException.class, () -> TreeChanges.read(dir.resolve("expected")));

    assertEquals(dir.resolve("expected-deleted.txt") + ": deletes '/old/x', which " + dir.resolve("expected")
        + " records as created or changed", error.getMessage());
  }

  @Test
  void namesEveryWayTheRunAndTheRecordDisagree() {
    TreeChanges recorded = new TreeChanges(Tree.of(Map.of(
        "etc/a.conf", file("a, changed\n", 0644),
        "etc/same.conf", file("same\n", 0644))), new TreeSet<>(Set.of("old/", "never/")));
    Tree actual = Tree.of(Map.of(
        "etc", new Tree.Dir(0755),
        "etc/a.conf", file("a, changed\n", 0644),
        "etc/same.conf", file("same\n", 0644),
        "old", new Tree.Dir(0755),
        "old/x", file("x\n", 0644),
        "old/y", new Tree.Dir(0700)));

    List<String> differences = TreeDiff.describeChanges(BEFORE, recorded, actual);

    assertEquals(List.of(
        "/etc/b.conf: deleted, but the snapshot records no change to it (start: file 0644, 2 bytes)",
        "/etc/same.conf: recorded as changed, but it is as it was in the starting root (file 0644, 5 bytes);"
            + " a snapshot records only what the run changed",
        "/never/: recorded as deleted, but the starting root has no such path",
        "/old/: recorded as deleted, but the run left it (directory 0755)"), differences);
  }
}
