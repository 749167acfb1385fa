package dev.eksnode.plugins.core.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.PluginCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionsCommandTest {

  @TempDir Path root;

  private Host host() {
    return Kernel.host(RunOptions.of(root));
  }

  private void binary(String name, String output) throws Exception {
    Path file = root.resolve("usr/bin/" + name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\necho '" + output + "'\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void manifest(Map<String, String> components) throws Exception {
    Path file = root.resolve("etc/eksnode/versions.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, VersionsManifest.render(components));
  }

  @Test
  void flagsAMismatchBetweenManifestAndBinary() throws Exception {
    manifest(Map.of("kubelet", "1.31.3", "containerd", "1.7.27", "ecr-credential-provider", "1.31.0"));
    binary("kubelet", "Kubernetes v1.31.2");
    binary("containerd", "containerd github.com/containerd/containerd v1.7.27 05044ec0a9a75232cad458027ca83437aae3f4da");

    PluginCommand.Result result = new VersionsCommand().run(List.of(), host());

    assertEquals(1, result.exitCode());
    List<String> lines = result.text().lines().toList();
    assertEquals("containerd               1.7.27           1.7.27           ok", lines.get(1));
    assertEquals("ecr-credential-provider  1.31.0           -                not checked", lines.get(2));
    assertEquals("kubelet                  1.31.3           1.31.2           MISMATCH", lines.get(3));
  }

  @Test
  void reportsComponentsMissingOnEitherSide() throws Exception {
    manifest(Map.of("runc", "1.1.14"));
    binary("kubelet", "Kubernetes v1.31.2");

    PluginCommand.Result result = new VersionsCommand().run(List.of(), host());

    assertEquals(0, result.exitCode());
    assertTrue(result.text().contains("kubelet                  -                1.31.2           not in manifest"), result.text());
    assertTrue(result.text().contains("runc                     1.1.14           -                not installed"), result.text());
  }

  @Test
  void refusesAFileThatIsNotAManifestSayingWhere() throws Exception {
    Path file = root.resolve("etc/eksnode/versions.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\n  \"components\": [\n");

    ConfigException refused = assertThrows(ConfigException.class, () -> new VersionsCommand().run(List.of(), host()));

    assertEquals("/etc/eksnode/versions.json: is not a versions manifest: line 3, column 1: the document ends early"
        + " (rerun eksnode image build)", refused.problems().getFirst().toString());
  }
}
