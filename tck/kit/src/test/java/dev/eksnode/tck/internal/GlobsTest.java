package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GlobsTest {

  @Test
  void aDoubleStarOwnsTheDirectoryAndEverythingUnderIt() {
    List<String> owned = List.of("/etc/acme/**");

    assertTrue(Globs.matchesAny(owned, "/etc/acme"));
    assertTrue(Globs.matchesAny(owned, "/etc/acme/agent.env"));
    assertTrue(Globs.matchesAny(owned, "/etc/acme/conf.d/10-x.conf"));
    assertFalse(Globs.matchesAny(owned, "/etc/acme-other"));
    assertFalse(Globs.matchesAny(owned, "/etc/kubernetes/kubelet.conf"));
  }

  @Test
  void aSingleStarStaysInOneSegment() {
    assertTrue(Globs.matchesAny(List.of("/etc/systemd/system/acme-*.service"), "/etc/systemd/system/acme-agent.service"));
    assertFalse(Globs.matchesAny(List.of("/etc/*.conf"), "/etc/acme/x.conf"));
  }

  @Test
  void reportsPatternsThatAreNotAbsolute() {
    assertEquals(Optional.of("owned path 'etc/acme/**' is not absolute (write /etc/acme/**)"), Globs.problem("etc/acme/**"));
    assertEquals(Optional.empty(), Globs.problem("/etc/acme/**"));
  }

  @Test
  void theLiteralPrefixIsWhatCanBeWatchedOnTheMachine() {
    assertEquals("/etc/acme", Globs.literalPrefix("/etc/acme/**"));
    assertEquals("/etc/systemd/system", Globs.literalPrefix("/etc/systemd/system/acme-*.service"));
    assertEquals("/etc/acme.conf", Globs.literalPrefix("/etc/acme.conf"));
  }
}
