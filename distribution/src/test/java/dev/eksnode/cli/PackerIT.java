package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Packer templates with the real {@code packer validate} (Debian's packer 1.6.6, installed by
 * .ci/install-test-tools), which parses the HCL2, type-checks the variables against each variant's
 * variable file, prepares the bundled amazon-ebs builder with the resolved settings and checks that
 * the files the provisioners upload exist. {@code plugins.pkr.hcl} (the required_plugins block, which
 * 1.6.6 cannot parse) is left out of the copy that is validated. Every shell script passes shellcheck.
 */
class PackerIT {

  static final Path PACKER = Path.of("../packer");

  @TempDir Path temp;

  /** The templates without plugins.pkr.hcl, and stand-in tarballs for both architectures. */
  private Path templates() throws IOException {
    Path dir = temp.resolve("packer");
    ImageBuildTest.copyTree(PACKER, dir);
    Files.delete(dir.resolve("plugins.pkr.hcl"));
    Path dist = Files.createDirectories(temp.resolve("dist"));
    for (String arch : List.of("x86_64", "aarch64")) {
      Files.writeString(dist.resolve("eksnode-0.1.0-linux-" + arch + ".tar.gz"), "stand-in");
    }
    return dir;
  }

  private record Result(int code, String output) {}

  private static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " timed out");
    return new Result(process.exitValue(), output);
  }

  private Result validate(Path dir, String variant, String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("packer", "validate", "-var-file=variants/" + variant + ".pkrvars.hcl",
        "-var", "dist_dir=" + temp.resolve("dist")));
    for (String var : extra) {
      command.add("-var");
      command.add(var);
    }
    command.add(".");
    return run(dir, command);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "standard, x86_64", "standard, arm64",
      "nvidia, x86_64", "nvidia, arm64",
      "cis, x86_64", "cis, arm64",
      "fips, x86_64", "fips, arm64"})
  void everyVariantValidatesOnBothArchitectures(String variant, String arch) throws Exception {
    Path dir = templates();

    Result result = validate(dir, variant, "arch=" + arch);

    assertEquals(0, result.code(), result.output());
  }

  @Test
  void validateRefusesAMissingTarball() throws Exception {
    Path dir = templates();

    Result result = validate(dir, "standard", "eksnode_version=9.9.9");

    assertNotEquals(0, result.code());
    assertTrue(result.output().contains("eksnode-9.9.9-linux-x86_64.tar.gz"), result.output());
  }

  @Test
  void validateRefusesAMistypedVariable() throws Exception {
    Path dir = templates();

    Result result = validate(dir, "standard", "volume_size=big");

    assertNotEquals(0, result.code());
    assertTrue(result.output().contains("volume_size"), result.output());
  }

  @Test
  void requiredPluginsBlockStaysInItsOwnFile() throws IOException {
    try (Stream<Path> files = Files.list(PACKER)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pkr.hcl")).toList()) {
        boolean declares = Files.readString(file).contains("required_plugins");
        assertEquals(file.getFileName().toString().equals("plugins.pkr.hcl"), declares, file.toString());
      }
    }
  }

  @Test
  void everyPackerScriptPassesShellcheck() throws Exception {
    List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
    try (Stream<Path> scripts = Files.list(PACKER.resolve("scripts"))) {
      scripts.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(f -> command.add(f.toString()));
    }
    assertTrue(command.size() > 2, "no scripts found");

    Result result = run(Path.of("."), command);

    assertEquals(0, result.code(), result.output());
  }
}
