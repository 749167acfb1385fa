package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.emulator.NodeRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the core plugin's conformance cases promise beyond each case's own snapshot. */
class CoreCasesTest {

  private static final Path MIME = CoreCases.CASES.resolve("nodeconfig-mime-user-data");
  private static final Path TOML = CoreCases.CASES.resolve("m5-large-ipv4");

  @Test
  void mimeUserDataWithANodeConfigJoinsExactlyLikeItsTomlTwin() throws Exception {
    assertTrue(Files.exists(MIME.resolve("user-data")) && !Files.exists(MIME.resolve("config.toml")),
        "the MIME case is configured by its user data alone");
    assertTrue(Files.exists(TOML.resolve("config.toml")) && !Files.exists(TOML.resolve("user-data")),
        "the twin is configured by its config.toml alone");
    assertEquals(Files.readString(TOML.resolve("instance.json")), Files.readString(MIME.resolve("instance.json")),
        "same instance");
    Map<String, CoreCases.FileState> twin = CoreCases.expectedFiles(TOML);
    assertFalse(twin.isEmpty());
    assertEquals(twin, CoreCases.expectedFiles(MIME), "the same expected/ tree, file for file, modes included");
    assertEquals(Files.readString(TOML.resolve("expected/.modes")), Files.readString(MIME.resolve("expected/.modes")),
        "the same directories");
    assertEquals(Files.readString(TOML.resolve("expected-actions.txt")), Files.readString(MIME.resolve("expected-actions.txt")));
    assertEquals(CoreCases.expectedAwsCalls("m5-large-ipv4"), CoreCases.expectedAwsCalls("nodeconfig-mime-user-data"));
  }

  @Test
  void theCasesBaseRootIsTheEmulatorsAl2023Root() throws Exception {
    Path copy = Path.of("src/test/tck/roots/eks-al2023/tree");
    Map<String, String> emulators = new TreeMap<>();
    NodeRoots.files(NodeRoots.AL2023).forEach((path, mode) -> emulators.put(path.substring(1),
        String.format("%04o ", mode) + new String(NodeRoots.content(NodeRoots.AL2023, path), StandardCharsets.UTF_8)));
    Map<String, String> modes = new TreeMap<>();
    for (String line : CoreCases.lines(copy.resolve(".modes"))) {
      String[] parts = line.split("\\s+", 2);
      modes.put(parts[1], parts[0]);
    }
    Map<String, String> copied = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(copy)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String relative = copy.relativize(file).toString();
        if (!relative.equals(".modes")) {
          copied.put(relative, modes.get(relative) + " " + Files.readString(file));
        }
      }
    }
    assertEquals(emulators, copied, "src/test/tck/roots/eks-al2023 must stay a copy of NodeRoots.AL2023 (tck/emulators), modes included");
  }
}
