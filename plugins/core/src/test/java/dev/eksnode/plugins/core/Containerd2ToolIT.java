package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containerd 2.1 test tool runs: Debian sid's package, unpacked by {@code .ci/fetch-containerd2}
 * and found through the system property {@code eksnode.containerd2} (set in the root {@code pom.xml}).
 * Tests that check version-3 configurations with {@code containerd config dump} rely on it.
 *
 * <p>Skipped, with the reason on stderr and in the report, only where the package could not be fetched
 * (no network, or sid moved past 2.1: {@code .tools/containerd-2.1.unavailable} says which), and never
 * in CI ({@link TestTools#containerd2()}).
 */
class Containerd2ToolIT {

  private Path containerd;

  @BeforeEach
  void findTool() {
    containerd = TestTools.containerd2();
  }

  @Test
  void versionIsTwoPointOne() throws Exception {
    Output version = run(List.of(containerd.toString(), "--version"));
    assertEquals(0, version.exit(), version.output());
    assertTrue(version.output().matches("(?s)containerd \\S+ 2\\.1\\.\\d+\\S*\\s*"), "not containerd 2.1: " + version.output());
  }

  @Test
  void defaultConfigIsVersionThree() throws Exception {
    Output config = run(List.of(containerd.toString(), "config", "default"));
    assertEquals(0, config.exit(), config.output());
    assertTrue(config.output().startsWith("version = 3\n"), "containerd 2.1's default config is not version 3:\n" + config.output());
    assertTrue(config.output().contains("[plugins.'io.containerd.cri.v1.images']"), config.output());
  }

  @Test
  void configDumpLoadsAFileAndRejectsABrokenOne(@TempDir Path directory) throws Exception {
    Path good = Files.writeString(directory.resolve("good.toml"), """
        version = 3
        [plugins.'io.containerd.cri.v1.images']
          discard_unpacked_layers = true
          [plugins.'io.containerd.cri.v1.images'.pinned_images]
            sandbox = 'localhost/kubernetes/pause:3.10'
        """);
    Output dump = run(List.of(containerd.toString(), "--config", good.toString(), "config", "dump"));
    assertEquals(0, dump.exit(), dump.output());
    assertTrue(dump.output().contains("sandbox = 'localhost/kubernetes/pause:3.10'"), "the dump lost the pinned sandbox image:\n" + dump.output());

    Path broken = Files.writeString(directory.resolve("broken.toml"), "version = 3\n[plugins.'io.containerd.cri.v1.images'\n");
    Output refused = run(List.of(containerd.toString(), "--config", broken.toString(), "config", "dump"));
    assertEquals(1, refused.exit(), refused.output());
    assertTrue(refused.output().contains("row 2"), "the error does not name the line:\n" + refused.output());
  }

  private static Output run(List<String> command) throws IOException, InterruptedException {
    TestTools.Result result = TestTools.run(command);
    return new Output(result.exit(), result.stdout() + result.stderr());
  }

  private record Output(int exit, String output) {}
}
