package dev.eksnode.plugins.core.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdTextTest {

  @Test
  void doublesPercentAndDollarSoSystemdExpandsNothing() {
    assertEquals("--x=100%%", SystemdText.argument("--x=100%"));
    assertEquals("--y=$${HOME}", SystemdText.argument("--y=${HOME}"));
  }

  @Test
  void quotesArgumentsWithSpacesQuotesOrBackslashes() {
    assertEquals("\"--a=b c\"", SystemdText.argument("--a=b c"));
    assertEquals("\"--a=\\\"q\\\"\"", SystemdText.argument("--a=\"q\""));
    assertEquals("\"a\\\\b\"", SystemdText.argument("a\\b"));
    assertEquals("\"\"", SystemdText.argument(""));
  }

  @Test
  void continuesOneArgumentPerLine() {
    assertEquals("/usr/bin/kubelet \\\n    --v=2", SystemdText.commandLine(List.of("/usr/bin/kubelet", "--v=2")));
  }

  @Test
  void refusesLineBreaksAndBadVariableNames() {
    assertThrows(IllegalArgumentException.class, () -> SystemdText.argument("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> SystemdText.environment("NOT-A-NAME", "x"));
  }

  @Test
  void environmentEscapesForUnitsButNotForTheManager() {
    assertEquals("\"A=50%% \\\"x\\\"\"", SystemdText.environment("A", "50% \"x\""));
    assertEquals("\"A=50%\"", SystemdText.defaultEnvironment("A", "50%"));
  }
}
