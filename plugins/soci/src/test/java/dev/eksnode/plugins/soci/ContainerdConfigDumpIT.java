package dev.eksnode.plugins.soci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * nvidia and soci both contribute to containerd's CRI tables on a GPU node. The TCK case {@code
 * g5-with-nvidia} renders them through the real {@code core/containerd-config} into one file, and its
 * golden rule keeps {@code expected/etc/containerd/config.toml} equal to what the plugins render today.
 * Here the real {@code containerd config dump} must accept that file and keep both the nvidia default
 * runtime and the soci snapshotter. Needs containerd on the PATH ({@code .ci/install-test-tools}).
 */
class ContainerdConfigDumpIT {

  static final Path RENDERED = Path.of("src/test/tck/cases/g5-with-nvidia/expected/etc/containerd/config.toml");

  @Test
  void nvidiaAndSociRenderOneConfigContainerdAccepts() throws Exception {
    assumeTrue(containerdVersion().isPresent(), "containerd is not installed (run .ci/install-test-tools)");
    assertTrue(Files.isRegularFile(RENDERED), RENDERED + " is missing; run the conformance test with -Deksnode.tck.update=true");

    Process process = new ProcessBuilder("containerd", "--config", RENDERED.toString(), "config", "dump")
        .redirectErrorStream(true).start();
    String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "containerd config dump did not finish");
    assertEquals(0, process.exitValue(), "containerd config dump rejected " + RENDERED + ":\n" + dump);

    assertTrue(dump.contains("default_runtime_name = \"nvidia\""), dump);
    assertTrue(dump.contains("snapshotter = \"soci\""), dump);
    assertTrue(dump.contains("disable_snapshot_annotations = false"), dump);
    assertTrue(dump.contains("[proxy_plugins.soci]"), dump);
    assertTrue(dump.contains("address = \"/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock\""), dump);
    assertTrue(dump.contains("BinaryName = \"/usr/bin/nvidia-container-runtime\""), dump);
    assertTrue(dump.contains("SystemdCgroup = true"), dump);
    if (atLeast17(containerdVersion().get())) {
      assertTrue(dump.contains("enable_cdi = true"), dump);
    }
  }

  /** {@code enable_cdi} is a containerd 1.7 key; 1.6 (Debian 12's containerd) drops it from the dump. */
  private static boolean atLeast17(String version) {
    var matcher = Pattern.compile(" v?(\\d+)\\.(\\d+)\\.").matcher(version);
    return matcher.find()
        && (Integer.parseInt(matcher.group(1)) > 1 || (Integer.parseInt(matcher.group(1)) == 1 && Integer.parseInt(matcher.group(2)) >= 7));
  }

  private static java.util.Optional<String> containerdVersion() {
    try {
      Process process = new ProcessBuilder("containerd", "--version").redirectErrorStream(true).start();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? java.util.Optional.of(text) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }
}
