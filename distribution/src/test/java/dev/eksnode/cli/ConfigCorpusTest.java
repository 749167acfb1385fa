package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of the corpus is refused with its exact, located message (see config-corpus/README.md). */
class ConfigCorpusTest {

  static final Path BAD = Path.of("src", "test", "resources", "config-corpus", "bad");

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(BAD)) {
      return files.filter(f -> !f.getFileName().toString().endsWith(".expected")).sorted().toList().stream();
    }
  }

  @Test
  void holdsAtLeastFortyCasesEachWithItsExpectedOutput() throws IOException {
    List<Path> inputs = cases().toList();
    assertTrue(inputs.size() >= 40, "corpus has " + inputs.size() + " cases");
    for (Path input : inputs) {
      assertTrue(Files.exists(expected(input)), "no .expected for " + input);
    }
  }

  private static Path expected(Path input) {
    String name = input.getFileName().toString();
    return input.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".expected");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithTheLocatedMessage(Path input, @TempDir Path root) throws IOException {
    CliRun run = CliRun.run("validate", input.toString(), "--root", root.toString());
    String expected = Files.readString(expected(input)).replace("{file}", input.toString());
    assertEquals(expected, run.err(), "standard error of validate " + input);
    assertEquals(2, run.code());
    assertEquals("", run.out());
    assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "a stack trace: " + run.err());
    try (Stream<Path> written = Files.walk(root)) {
      assertEquals(List.of(root), written.toList(), "validate wrote a file");
    }
  }
}
