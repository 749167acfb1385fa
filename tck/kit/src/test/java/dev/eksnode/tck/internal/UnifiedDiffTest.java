package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  @Test
  void equalTextsHaveNoDiff() {
    assertEquals("", UnifiedDiff.of("a", "x\ny\n", "b", "x\ny\n"));
  }

  @Test
  void showsAChangedLineWithThreeLinesOfContextLikeDiffU() {
    String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

    assertEquals("""
        --- expected/etc/x
        +++ actual/etc/x
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8
        """, UnifiedDiff.of("expected/etc/x", before, "actual/etc/x", after));
  }

  @Test
  void splitsChangesFarApartIntoSeparateHunks() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
    String after = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\n";

    assertEquals("""
        --- x
        +++ y
        @@ -1,4 +1,4 @@
        -a
        +A
         b
         c
         d
        @@ -9,4 +9,4 @@
         i
         j
         k
        -l
        +L
        """, UnifiedDiff.of("x", before, "y", after));
  }

  @Test
  void showsANewFileAgainstNothingAndAMissingFinalNewline() {
    assertEquals("""
        --- /dev/null
        +++ actual/etc/x
        @@ -0,0 +1,2 @@
        +one
        +two
        \\ No newline at end of file
        """, UnifiedDiff.of("/dev/null", "", "actual/etc/x", "one\ntwo"));
  }

  @Test
  void matchesInsertionsAndDeletionsByLongestCommonSubsequence() {
    assertEquals("""
        --- x
        +++ y
        @@ -1,5 +1,5 @@
         keep
        -drop
         keep too
        +added
         tail
         end
        """, UnifiedDiff.of("x", "keep\ndrop\nkeep too\ntail\nend\n", "y", "keep\nkeep too\nadded\ntail\nend\n"));
  }
}
