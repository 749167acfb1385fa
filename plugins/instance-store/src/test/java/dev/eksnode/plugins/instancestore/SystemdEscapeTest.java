package dev.eksnode.plugins.instancestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.tck.SystemdVerify;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SystemdEscapeTest {

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
  void escapesLikeSystemd(String path, String expected) {
    assertEquals(expected, SystemdEscape.path(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/path", "/mnt/../etc", "/mnt/./x"})
  void refusesPathsSystemdRefuses(String path) {
    assertThrows(IllegalArgumentException.class, () -> SystemdEscape.path(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mnt/k8s-disks/0", "/mnt/local disks/0", "/mnt/.hidden/x", "/.x", "/mnt/ü", "/", "/a-b/c_d/e.f"})
  void agreesWithSystemdEscape(String path) throws Exception {
    if (SystemdVerify.skipped()) {
      return;
    }
    Path tool = Path.of("/usr/bin/systemd-escape");
    if (!Files.isExecutable(tool)) {
      fail("systemd-escape is not installed: run .ci/install-test-tools, or set EKSNODE_SKIP_TOOL_TESTS=1");
    }
    Process process = new ProcessBuilder(List.of(tool.toString(), "--path", path)).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, process.waitFor());
    assertEquals(out, SystemdEscape.path(path));
  }
}
