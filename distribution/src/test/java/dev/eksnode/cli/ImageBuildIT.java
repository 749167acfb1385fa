package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.tck.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher building the standard variant as Packer's script runs it ({@code eksnode image
 * build --config packer/variants/standard.toml}, here with {@code --root}): the same changes as {@link
 * ImageBuildTest}'s golden case, then {@code eksnode versions} reading the manifest it wrote.
 */
class ImageBuildIT {

  private static final Path JAVA_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path temp;

  @org.junit.jupiter.api.BeforeAll
  static void startEc2() throws IOException {
    ImageBuildTest.startEc2();
  }

  @org.junit.jupiter.api.AfterAll
  static void stopEc2() {
    ImageBuildTest.stopEc2();
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result eksnode(String... args) throws IOException, InterruptedException {
    String home = System.getProperty("eksnode.home");
    if (home == null) {
      fail("the system property eksnode.home is not set; run through failsafe");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(home, "bin", "eksnode").toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(temp, "stdout", ".txt");
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", JAVA_HOME.toString());
    environment.putAll(ImageBuildTest.environment());
    environment.remove("EKSNODE_DEBUG");
    environment.remove("EKSNODE_JAVA_OPTS");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("eksnode " + String.join(" ", args) + " did not finish within 120 s");
    }
    return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  @Test
  void buildsTheStandardVariantAndVersionsReadsItsManifest() throws Exception {
    Path root = temp.resolve("root");
    ImageBuildTest.copyTree(ImageBuildTest.CASES.resolve(ImageBuildTest.PLAIN), root);
    Path plugins = Files.createDirectories(temp.resolve("no-plugins"));

    Result build = eksnode("image", "build", "--root", root.toString(), "--plugins-dir", plugins.toString(),
        "--config", ImageBuildTest.VARIANTS.resolve("standard.toml").toString());

    assertEquals(0, build.exitCode(), build.stdout() + build.stderr());
    Snapshots.assertChanges(ImageBuildTest.CASES.resolve("standard/expected"), ImageBuildTest.CASES.resolve(ImageBuildTest.PLAIN), root);

    Result versions = eksnode("versions", "--root", root.toString(), "--plugins-dir", plugins.toString());

    assertEquals(0, versions.exitCode(), versions.stdout() + versions.stderr());
    for (String row : List.of("containerd", "kubelet", "runc", "cni-plugins", "ecr-credential-provider", "pause")) {
      assertTrue(versions.stdout().lines().anyMatch(line -> line.startsWith(row + " ")), row + " missing:\n" + versions.stdout());
    }
  }
}
