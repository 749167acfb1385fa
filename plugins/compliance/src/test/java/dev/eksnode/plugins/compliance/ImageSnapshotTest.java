package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files for the image phase over the AL2023-like root: every file a profile writes, with its
 * mode, and every command and service action, under {@code src/test/resources/snapshots/<profile>/}
 * ({@code expected/}, {@code expected/.modes}, {@code expected-actions.txt}). Regenerate with {@code
 * -Deksnode.updateSnapshots=true}; CI never does.
 */
class ImageSnapshotTest {

  private static final Path SNAPSHOTS = Path.of("src/test/resources/snapshots");

  @ParameterizedTest
  @ValueSource(strings = {"cis-level1", "stig", "fips"})
  void imagePhaseWritesTheGoldenFiles(String profile, @org.junit.jupiter.api.io.TempDir Path root) throws IOException {
    TestRoots.al2023(root);
    RunReport run = TestRoots.run(root, Phase.IMAGE,
        "[plugins.compliance]\nenabled = true\nprofiles = [\"" + profile + "\"]\n");

    List<String> modes = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (StepRecord step : run.steps()) {
      for (String change : step.changes()) {
        String[] words = change.split(" ");
        if (words[0].equals("wrote") && !words[1].startsWith("/var/lib/eksnode/reports/")) {
          written.add(words[1]);
          modes.add(words[1] + " " + words[2].substring(1, 5));
        } else if (!words[1].startsWith("/var/lib/eksnode/reports/")) {
          modes.add(change);
        }
      }
      step.actions().forEach(a -> actions.add(step.id() + ": " + a));
    }
    Path expected = SNAPSHOTS.resolve(profile);
    if (Boolean.getBoolean("eksnode.updateSnapshots")) {
      if (Files.exists(expected)) {
        try (Stream<Path> old = Files.walk(expected)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      for (String path : written) {
        Path copy = expected.resolve("expected").resolve(path.substring(1));
        Files.createDirectories(copy.getParent());
        Files.copy(root.resolve(path.substring(1)), copy);
      }
      Files.createDirectories(expected.resolve("expected"));
      Files.write(expected.resolve("expected/.modes"), modes.stream().sorted().toList());
      Files.write(expected.resolve("expected-actions.txt"), actions);
    }
    assertEquals(read(expected.resolve("expected/.modes")), String.join("\n", modes.stream().sorted().toList()) + "\n");
    assertEquals(read(expected.resolve("expected-actions.txt")), actions.isEmpty() ? "" : String.join("\n", actions) + "\n");
    for (String path : written) {
      assertEquals(read(expected.resolve("expected").resolve(path.substring(1))),
          Files.readString(root.resolve(path.substring(1)), StandardCharsets.UTF_8), path);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing " + file + ")";
  }
}
