package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps that only check run before every step that writes, and their problems refuse the run before any write. */
class CheckBeforeWriteTest {

  @TempDir Path root;

  private static TestStep writer(String id, String path) {
    return TestStep.boot(id).does(context -> {
      context.host().write(path, "x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644);
      return Outcome.done();
    });
  }

  private static TestStep missing(String id, String key) {
    return TestStep.boot(id).checks(true).does(context -> {
      context.configProblem(key, "is not set", "set it", ConfigProblem.Severity.ERROR);
      return Outcome.done();
    });
  }

  private RunReport run(Setup setup) {
    return Kernel.run(setup, TestKernel.ordered(setup), Phase.BOOT, new RunOptions(root, false, Map.of(), TestKernel.CLOCK), RunListener.NONE);
  }

  private List<String> tree() throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(p -> root.relativize(p) + " " + java.nio.file.attribute.PosixFilePermissions.toString(uncheckedPermissions(p)))
          .sorted().toList();
    }
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path path) {
    try {
      return Files.getPosixFilePermissions(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void reportsEveryCheckProblemTogetherAndWritesNothing() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    List<String> before = tree();
    Setup setup = TestKernel.setup("[plugins.acme]\nenabled = true\n", TestPlugin.enabled("acme",
        writer("acme/first", "/etc/first"),
        missing("acme/check-name", "plugins.acme.name").before("acme/first"),
        missing("acme/check-ca", "plugins.acme.ca"),
        writer("acme/last", "/etc/last").after("acme/check-ca")));

    ConfigException refused = assertThrows(ConfigException.class, () -> run(setup));

    assertEquals(List.of("test.toml, line 1, column 1: plugins.acme.ca: is not set (set it)",
            "test.toml, line 1, column 1: plugins.acme.name: is not set (set it)"),
        refused.problems().stream().map(ConfigProblem::toString).toList());
    assertEquals(before, tree(), "neither the writers' files nor the report are written");
  }

  @Test
  void runsChecksBeforeWritersTheyAreNotOrderedAgainst() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme",
        TestStep.boot("acme/a-writer").does(context -> {
          seen.add("writer");
          return Outcome.done();
        }),
        TestStep.boot("acme/z-check").checks(false).does(context -> {
          seen.add("check");
          return Outcome.done();
        })));

    RunReport report = run(setup);

    assertEquals(List.of("check", "writer"), seen);
    assertTrue(report.succeeded());
  }

  @Test
  void aCheckMayNotWrite() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme", TestStep.boot("acme/check").checks(true).does(context -> {
      context.host().write("/etc/x", new byte[0], 0644);
      return Outcome.done();
    })));

    RunReport report = run(setup);

    assertEquals(List.of("acme/check: failed (step acme/check only checks (checksOnly) and may not change the machine,"
        + " but tried to write /etc/x)"), TestKernel.lines(report));
    assertFalse(Files.exists(root.resolve("etc/x")));
  }

  @Test
  void aWriterMayNotReportConfigurationProblems() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme", TestStep.boot("acme/writer").does(context -> {
      context.configProblem("cluster.name", "is not set", "", ConfigProblem.Severity.ERROR);
      return Outcome.done();
    })));

    RunReport report = run(setup);

    assertEquals("failed", report.steps().getFirst().outcome());
    assertTrue(report.steps().getFirst().detail().contains("does not only check"), report.steps().getFirst().detail());
  }

  @Test
  void aWarningGoesOnAndShowsInTheStepLine() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme", TestStep.boot("acme/check").checks(true).does(context -> {
      context.configProblem("cluster.name", "is guessed", "", ConfigProblem.Severity.WARNING);
      return Outcome.done();
    })));

    RunReport report = run(setup);

    assertEquals(List.of("acme/check: unchanged (warning: test: cluster.name: is guessed)"), TestKernel.lines(report));
  }

  @Test
  void refusesACheckOrderedAfterAWriter() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme",
        TestStep.boot("acme/writer"), TestStep.boot("acme/check").checks(true).after("acme/writer")));

    assertEquals(List.of("step 'acme/check' only checks but is ordered after step 'acme/writer', which may write;"
            + " checks run before every step that writes"),
        TestKernel.problems(setup).stream().map(GraphProblem::message).toList());
  }

  @Test
  void offlineChecksRunAndTheOthersAreNamed() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme",
        TestStep.boot("acme/machine").checks(false),
        TestStep.boot("acme/after-machine").checks(true).after("acme/machine"),
        TestStep.boot("acme/offline").checks(true),
        TestStep.boot("acme/writer")));
    Preparation.Ready ready = new Preparation.Ready(Phase.BOOT, setup, TestKernel.ordered(setup), null, List.of(), List.of());

    Kernel.OfflineChecks checks = Kernel.checkOffline(ready, new RunOptions(root, false, Map.of(), TestKernel.CLOCK));

    assertEquals(List.of("acme/offline"), checks.checked());
    assertEquals(List.of("acme/machine", "acme/after-machine"), checks.needMachine());
  }

  @Test
  void offlineChecksReportTheirProblems() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("acme", missing("acme/check", "cluster.name")));
    Preparation.Ready ready = new Preparation.Ready(Phase.BOOT, setup, TestKernel.ordered(setup), null, List.of(), List.of());

    ConfigException refused = assertThrows(ConfigException.class,
        () -> Kernel.checkOffline(ready, new RunOptions(root, false, Map.of(), TestKernel.CLOCK)));

    assertEquals(List.of(new ConfigProblem(ConfigLocation.of("test"), "cluster.name", "is not set", "set it")), refused.problems());
  }
}
