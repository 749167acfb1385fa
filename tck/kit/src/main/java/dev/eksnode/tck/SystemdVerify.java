package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.spi.API;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code systemd-analyze verify} over the units a plugin generated, for a test that asserts systemd
 * accepts them. Fails when the tool is missing (install it with {@code .ci/install-test-tools}) unless
 * the environment has {@code EKSNODE_SKIP_TOOL_TESTS=1}.
 *
 * <pre>{@code
 * SystemdVerify.verify(List.of(root.resolve("etc/systemd/system")), List.of("kubelet.service"));
 * }</pre>
 */
@API(status = STABLE, since = "0.1.0")
public final class SystemdVerify {

  private SystemdVerify() {}

  /** Whether tests of external tools are to be skipped: {@code EKSNODE_SKIP_TOOL_TESTS=1}. */
  public static boolean skipped() {
    return "1".equals(System.getenv("EKSNODE_SKIP_TOOL_TESTS"));
  }

  /**
   * Verifies {@code units} (file names) found on {@code unitPath} (directories searched in order,
   * drop-in directories included) and asserts that systemd had nothing to say and exited 0. A unit the
   * others name but that is not on the path must be provided as a stand-in on it.
   *
   * @throws AssertionError when a unit is not found, the tool is missing, or systemd reports anything
   */
  public static void verify(List<Path> unitPath, List<String> units) throws IOException, InterruptedException {
    if (skipped()) {
      return;
    }
    Path tool = Path.of("/usr/bin/systemd-analyze");
    if (!Files.isExecutable(tool)) {
      fail("systemd-analyze is not installed: run .ci/install-test-tools, or set EKSNODE_SKIP_TOOL_TESTS=1");
    }
    List<String> command = new ArrayList<>(List.of(tool.toString(), "verify", "--man=no"));
    for (String unit : units) {
      Path file = unitPath.stream().map(d -> d.resolve(unit)).filter(Files::isRegularFile).findFirst()
          .orElseThrow(() -> new AssertionError("no unit " + unit + " on " + unitPath));
      command.add(file.toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    StringBuilder path = new StringBuilder();
    unitPath.forEach(d -> path.append(d).append(':'));
    builder.environment().put("SYSTEMD_UNIT_PATH", path.toString());
    builder.environment().put("SYSTEMD_LOG_LEVEL", "warning");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("systemd-analyze verify timed out");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> findings = output.lines().filter(line -> !line.isBlank()).toList();
    assertEquals(List.of(), findings, "systemd-analyze verify " + units);
    assertEquals(0, process.exitValue(), "systemd-analyze verify exit code for " + units + ": " + output);
  }
}
