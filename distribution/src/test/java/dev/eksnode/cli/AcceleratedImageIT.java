package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nvidia, efa and soci plugins in the packaged CLI: an image build over a root records their
 * pinned installs, the real {@code core/versions-manifest} writes their versions, and a second build
 * reads the manifest back and installs nothing.
 */
class AcceleratedImageIT {

  private static final Path JAVA_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path temp;

  /** What the eksnode processes see beside the inherited environment: the emulators' endpoints. */
  private final Map<String, String> environment = new HashMap<>();

  @Test
  void secondImageBuildInstallsNothing() throws Exception {
    Path root = temp.resolve("root");
    BaseRoots.shipped().seed("gpu-g5", root);
    Path config = temp.resolve("accelerated.toml");
    Files.writeString(config, """
        [plugins.nvidia]
        enabled = true
        driverBranch = "580"
        [plugins.efa]
        enabled = true
        [plugins.soci]
        enabled = true
        """);
    // The core plugin's image phase bakes the instance type table from EC2: both emulated, nothing leaves the host.
    try (MetadataEmulator metadata = MetadataEmulator.start(BaseRoots.shipped().instanceJson("gpu-g5"));
        Ec2Emulator ec2 = Ec2Emulator.start("""
            {"instanceTypes": {"g5.xlarge": {"vcpus": 4, "memoryMiB": 16384, "maximumNetworkInterfaces": 4,
              "ipv4AddressesPerInterface": 15, "hypervisor": "nitro"}}}""")) {
      environment.putAll(metadata.environment());
      environment.putAll(ec2.environment());
      build(root, config);
    }
  }

  private void build(Path root, Path config) throws Exception {
    String first = eksnode("--root", root.toString(), "--config", config.toString(), "image", "build");
    for (String step : List.of("nvidia/driver", "nvidia/container-toolkit", "efa/install", "efa/system-limits", "soci/install")) {
      assertTrue(first.lines().anyMatch(line -> line.matches("applied +" + step + " .*")), step + " not applied:\n" + first);
    }
    String report = Files.readString(root.resolve("var/lib/eksnode/reports/image.json"));
    assertTrue(report.contains("run dnf module install -y nvidia-driver:580-open"), report);
    assertTrue(report.contains("run dnf install -y soci-snapshotter-0.11.0"), report);
    assertEquals("""
        {
          "components" : {
            "efa-installer" : "1.43.1",
            "nvidia-container-toolkit" : "1.17.8",
            "nvidia-driver-branch" : "580",
            "nvidia-kernel-module" : "open",
            "soci-snapshotter" : "0.11.0"
          }
        }
        """, Files.readString(root.resolve("etc/eksnode/versions.json")));

    String second = eksnode("--root", root.toString(), "--config", config.toString(), "image", "build");
    for (String step : List.of("nvidia/driver", "nvidia/container-toolkit", "efa/install", "efa/system-limits", "soci/install")) {
      assertTrue(second.lines().anyMatch(line -> line.matches("unchanged +" + step + " .*")), step + " not unchanged:\n" + second);
    }
    assertFalse(Files.readString(root.resolve("var/lib/eksnode/reports/image.json")).contains("\"run "),
        "the second build ran a command");
  }

  private String eksnode(String... args) throws IOException, InterruptedException {
    String home = System.getProperty("eksnode.home");
    if (home == null) {
      fail("the system property eksnode.home is not set; run through failsafe");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(home, "bin", "eksnode").toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(temp, "output", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("JAVA_HOME", JAVA_HOME.toString());
    builder.environment().remove("EKSNODE_DEBUG");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("eksnode " + String.join(" ", args) + " did not finish within 120 s");
    }
    String text = Files.readString(output);
    assertEquals(0, process.exitValue(), text);
    return text;
  }
}
