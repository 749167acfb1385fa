package dev.eksnode.node.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    assertThrows(IllegalArgumentException.class, () -> SystemdText.environmentFileLine("A", "x\ny"));
  }

  @Test
  void environmentEscapesForUnitsButNotForTheManager() {
    assertEquals("\"A=50%% \\\"x\\\"\"", SystemdText.environment("A", "50% \"x\""));
    assertEquals("\"A=50%\"", SystemdText.defaultEnvironment("A", "50%"));
    assertEquals("\"NO_PROXY=a\\\\b\"", SystemdText.defaultEnvironment("NO_PROXY", "a\\b"));
  }

  @Test
  void environmentFileLinesKeepDollarsBackslashesAndBackticksLiteral() {
    assertEquals("HTTP_PROXY=\"http://u:p\\$w%d\\\\x\\`@proxy:3128\"",
        SystemdText.environmentFileLine("HTTP_PROXY", "http://u:p$w%d\\x`@proxy:3128"));
  }

  @Test
  void environmentFileLinesRefuseADoubleQuoteWithoutShowingTheValue() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SystemdText.environmentFileLine("HTTP_PROXY", "http://u:se\"cret@p"));
    assertEquals("a double quote cannot be written into an environment file: HTTP_PROXY", refused.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/mnt/k8s-disks/0|mnt-k8s\\x2ddisks-0",
      "/var/lib/kubelet|var-lib-kubelet",
      "/var/log/pods/|var-log-pods",
      "//mnt//a|mnt-a",
      "/|-",
      "/mnt/.hidden/x|mnt-.hidden-x",
      "/.x|\\x2ex",
      "/mnt/local disks/0|mnt-local\\x20disks-0",
      "/mnt/a:b_c.d|mnt-a:b_c.d",
      "/mnt/ü|mnt-\\xc3\\xbc",
      "/mnt/back\\slash|mnt-back\\x5cslash"})
  void escapesPathsLikeSystemd(String path, String expected) {
    assertEquals(expected, SystemdText.path(path));
  }

  @Test
  void namesMountUnitsAfterTheirMountPoint() {
    assertEquals("mnt-k8s\\x2ddisks-0.mount", SystemdText.mountUnit("/mnt/k8s-disks/0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/path", "/mnt/../etc", "/mnt/./x"})
  void refusesPathsSystemdRefuses(String path) {
    assertThrows(IllegalArgumentException.class, () -> SystemdText.path(path));
  }

  /** The real {@code systemd-escape}; skipped with {@code EKSNODE_SKIP_TOOL_TESTS=1}. */
  @ParameterizedTest
  @ValueSource(strings = {"/mnt/k8s-disks/0", "/mnt/local disks/0", "/mnt/.hidden/x", "/.x", "/mnt/ü", "/", "/a-b/c_d/e.f"})
  void agreesWithSystemdEscape(String path) throws Exception {
    if ("1".equals(System.getenv("EKSNODE_SKIP_TOOL_TESTS"))) {
      return;
    }
    Path tool = Path.of("/usr/bin/systemd-escape");
    if (!Files.isExecutable(tool)) {
      fail("systemd-escape is not installed: run .ci/install-test-tools, or set EKSNODE_SKIP_TOOL_TESTS=1");
    }
    Process process = new ProcessBuilder(List.of(tool.toString(), "--path", path)).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, process.waitFor());
    assertEquals(out, SystemdText.path(path));
  }
}
