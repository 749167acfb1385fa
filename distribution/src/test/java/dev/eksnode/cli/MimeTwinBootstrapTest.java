package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AL2023-style MIME user data, read from instance metadata, bootstraps exactly like its TOML twin. */
class MimeTwinBootstrapTest {

  @TempDir Path fromToml;
  @TempDir Path fromUserData;

  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String path = "/" + root.relativize(file);
        if (!path.startsWith("/var/lib/eksnode/reports/")) {
          files.put(path, Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  @Test
  void bootstrapsTheSameFilesAsTheTomlTwin() throws IOException {
    dev.eksnode.tck.emulator.BaseRoots.seed(dev.eksnode.tck.emulator.BaseRoots.EKS_AL2023, fromToml);
    dev.eksnode.tck.emulator.BaseRoots.seed(dev.eksnode.tck.emulator.BaseRoots.EKS_AL2023, fromUserData);
    Path twin = ConfigCommandsTest.GOOD.resolve("twin.toml").toAbsolutePath();
    String mime = Files.readString(ConfigCommandsTest.GOOD.resolve("twin.mime"));
    // One m5.large, whose metadata also serves the MIME user data; the TOML run does not read it.
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode instance;
    try (var demo = Cli.class.getResourceAsStream("demo/instance.json")) {
      instance = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(demo);
    }
    instance.put("user-data", mime);
    try (MetadataEmulator imds = MetadataEmulator.start(json.writeValueAsString(instance))) {
      CliRun toml = CliRun.run(imds.environment(), new byte[0],
          "bootstrap", "--root", fromToml.toString(), "--config-source", "file://" + twin);
      assertEquals(0, toml.code(), toml.err());
      assertEquals(null, imds.requests().get("GET /latest/user-data"), "the TOML run reads no user data");

      CliRun userData = CliRun.run(imds.environment(), new byte[0],
          "bootstrap", "--root", fromUserData.toString(), "--config-source", "imds://user-data");
      assertEquals(0, userData.code(), userData.err());
      assertEquals(1, imds.requests().get("GET /latest/user-data"));
    }

    Map<String, byte[]> expected = tree(fromToml);
    Map<String, byte[]> actual = tree(fromUserData);
    assertTrue(expected.containsKey("/etc/kubernetes/pki/ca.crt"), "the twin writes the CA: " + expected.keySet());
    assertTrue(expected.containsKey("/etc/kubernetes/kubelet/config.json"), "the twin joins: " + expected.keySet());
    assertEquals(expected.keySet(), actual.keySet());
    for (String path : expected.keySet()) {
      assertTrue(Arrays.equals(expected.get(path), actual.get(path)), path + " differs");
    }
  }
}
