package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Drives the kernel's verbs the way the CLI does, for tests that declare plugins in code. */
final class TestKernel {

  /** The clock of every test run. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private TestKernel() {}

  /** Plugins given directly, each from {@code built-in}. */
  static PluginSet plugins(Plugin... plugins) {
    return Kernel.of(Arrays.stream(plugins).map(p -> new LoadedPlugin(p, LoadedPlugin.BUILT_IN)).toList());
  }

  /** Plugins bound to an empty configuration. */
  static Setup setup(Plugin... plugins) {
    return Kernel.bind(plugins(plugins), ConfigNode.Table.empty(ConfigLocation.of("test")));
  }

  /** Plugins bound to a TOML document called {@code test.toml}. */
  static Setup setup(String toml, Plugin... plugins) {
    return Kernel.bind(plugins(plugins), TomlDocuments.parse("test.toml", toml));
  }

  /** The boot phase's order; fails the test when the graph is invalid. */
  static StepGraph.Ordered ordered(Setup setup) {
    return switch (Kernel.order(setup, Phase.BOOT)) {
      case StepGraph.Ordered ordered -> ordered;
      case StepGraph.Invalid invalid ->
          fail("expected an ordered graph, got " + invalid.problems().stream().map(GraphProblem::message).toList());
    };
  }

  /** The boot phase's graph problems; fails the test when the graph can be ordered. */
  static List<GraphProblem> problems(Setup setup) {
    return switch (Kernel.order(setup, Phase.BOOT)) {
      case StepGraph.Ordered ordered -> fail("expected graph problems, got the order " + ids(ordered));
      case StepGraph.Invalid invalid -> invalid.problems();
    };
  }

  static List<String> ids(StepGraph.Ordered ordered) {
    return ordered.steps().stream().map(Step::id).toList();
  }

  /** Runs the boot phase of enabled plugins over {@code root}. */
  static RunReport run(Path root, Plugin... plugins) {
    return run(root, RunListener.NONE, plugins);
  }

  static RunReport run(Path root, RunListener listener, Plugin... plugins) {
    Setup setup = setup(plugins);
    return Kernel.run(setup, ordered(setup), Phase.BOOT, new RunOptions(root, false, Map.of(), CLOCK), listener);
  }

  /** Runs the boot phase with {@code environment} as the run's environment (deadlines). */
  static RunReport run(Path root, Map<String, String> environment, Plugin... plugins) {
    Setup setup = setup(plugins);
    return Kernel.run(setup, ordered(setup), Phase.BOOT, new RunOptions(root, false, environment, CLOCK), RunListener.NONE);
  }

  /** Each step of a report as {@code id: outcome} or {@code id: outcome (detail)}, in run order. */
  static List<String> lines(RunReport report) {
    return report.steps().stream()
        .map(s -> s.id() + ": " + s.outcome() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"))
        .toList();
  }

  /** The record of one step in a report. */
  static StepRecord step(RunReport report, String id) {
    return report.steps().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseGet(() -> fail("no step " + id + " in " + report.steps()));
  }
}
