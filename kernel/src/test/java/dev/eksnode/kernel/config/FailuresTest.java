package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void escapesEveryCharacterThatMovesTheCursorOrReordersText() {
    String hostile = "a\u0000b\u001b[2J\n\r\t\u007f\u0085\u009b31m\u202eevil\u2066\u2028\u200fz";

    assertEquals("a\\x00b\\x1b[2J\\x0a\\x0d\\x09\\x7f\\x85\\x9b31m\\u202eevil\\u2066\\u2028\\u200fz", Failures.printable(hostile));
  }

  @Test
  void leavesPrintableTextAloneWhateverItsScript() {
    String text = "cluster.name: \"Ünïcødé 名前 שלום\" is not an EKS cluster name";

    assertSame(text, Failures.printable(text));
  }
}
