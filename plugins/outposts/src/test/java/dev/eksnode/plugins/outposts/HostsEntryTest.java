package dev.eksnode.plugins.outposts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.HostsEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPI's /etc/hosts rendering contract, which the outposts plugin relies on. */
class HostsEntryTest {

  @Test
  void appendsOnlyMissingPairsAndEndsWithNewline() {
    String existing = "127.0.0.1 localhost\n10.0.0.1 a.example b.example";
    assertEquals(existing + "\n10.0.0.2\tb.example\n",
        HostsEntry.merge(existing, List.of(new HostsEntry("10.0.0.1", "b.example"), new HostsEntry("10.0.0.2", "b.example"),
            new HostsEntry("10.0.0.2", "b.example"))));
  }

  @Test
  void ignoresCommentedOutLines() {
    assertEquals("#10.0.0.1 a.example\n10.0.0.1\ta.example\n",
        HostsEntry.merge("#10.0.0.1 a.example\n", List.of(new HostsEntry("10.0.0.1", "a.example"))));
  }

  @Test
  void refusesWhitespaceInsideAnEntry() {
    assertThrows(IllegalArgumentException.class, () -> new HostsEntry("10.0.0.1", "a b"));
  }
}
