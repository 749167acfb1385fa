package dev.eksnode.plugins.compliance;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.tck.BaseRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kernel runs of the compliance plugin for the tests, the stock AL2023 base root they run over, and its report. */
final class ComplianceRuns {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** The kit's base roots and the plugin's own ({@code al2023-stock}). */
  static final BaseRoots ROOTS = BaseRoots.withOwn(Path.of("src/test/tck/roots"));

  private ComplianceRuns() {}

  /**
   * Seeds the stock AL2023 base root into {@code target} and enables kdump the way {@code systemctl
   * enable} does (a link in multi-user.target.wants, which a base root cannot hold).
   */
  static Path al2023(Path target) {
    try {
      ROOTS.seed("al2023-stock", target);
      Path wants = target.resolve("etc/systemd/system/multi-user.target.wants");
      Files.createDirectories(wants);
      Files.createSymbolicLink(wants.resolve("kdump.service"), Path.of("/usr/lib/systemd/system/kdump.service"));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Binds {@code config} (TOML) for the compliance plugin and {@code others}, and runs one phase over {@code root}. */
  static RunReport run(Path root, Phase phase, String config, Plugin... others) {
    List<LoadedPlugin> plugins = new ArrayList<>();
    plugins.add(new LoadedPlugin(new CompliancePlugin(), LoadedPlugin.BUILT_IN));
    for (Plugin other : others) {
      plugins.add(new LoadedPlugin(other, "test"));
    }
    Setup setup = Kernel.bind(Kernel.of(plugins), TomlDocuments.parse("test config", config));
    StepGraph.Ordered graph = switch (Kernel.order(setup, phase)) {
      case StepGraph.Ordered ordered -> ordered;
      case StepGraph.Invalid invalid -> throw new AssertionError(invalid.problems().toString());
    };
    return Kernel.run(setup, graph, phase, new RunOptions(root, false, Map.of(), CLOCK), RunListener.NONE);
  }

  /** The host over a root, as the CLI builds it for plugin commands. */
  static Host host(Path root) {
    return Kernel.host(new RunOptions(root, false, Map.of(), CLOCK));
  }

  /** The report of the built-in rules for the given profiles and waivers. */
  static ComplianceReport report(Path root, List<String> profiles, Map<String, String> waivers) {
    return ComplianceReport.evaluate(host(root), ComplianceSettings.of(RuleSet.builtIn(), profiles, waivers), "test");
  }
}
