package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
}
