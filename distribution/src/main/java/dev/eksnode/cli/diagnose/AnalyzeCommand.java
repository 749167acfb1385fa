package dev.eksnode.cli.diagnose;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ReportAnalysis;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code eksnode analyze}: where a run's time went. */
public final class AnalyzeCommand implements Command {

  static final Option PHASE = Option.value("--phase", "boot|image", "the phase whose last report to read (default boot)");
  static final Option REPORT = Option.value("--report", "FILE", "read this run report instead of the phase's last one");
  static final Option SVG = Option.value("--svg", "FILE", "also draw the run as an SVG timeline into FILE");

  @Override
  public List<String> words() {
    return List.of("analyze");
  }

  @Override
  public List<Option> options() {
    return List.of(PHASE, REPORT, SVG);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode analyze [--phase boot|image] [--report FILE] [--svg FILE]",
        "Explain where a run's time went: steps by duration and the critical chain.",
        """
        Reads the last run report (/var/lib/eksnode/reports/<phase>.json under --root, or --report FILE).
        Prints every step by duration (blame) and the critical chain: the dependency path that set the
        phase's wall time, found by walking back from the step that finished last through the step it
        waited for that finished last. --svg FILE also draws the run as a timeline (one bar per step,
        concurrency visible, the critical chain in red) that opens in any browser.""",
        "eksnode analyze --svg /tmp/boot.svg");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    Phase phase = invocation.phase(PHASE, Phase.BOOT);
    Path file = invocation.path(REPORT).orElse(invocation.root().resolve(Kernel.reportPath(phase).substring(1)));
    Optional<Path> svg = invocation.path(SVG);
    if (!Files.isRegularFile(file)) {
      session.err().println("eksnode: no run report at " + file + " (run bootstrap first, or pass --report FILE)");
      return ExitCode.BAD_INPUT;
    }
    RunReport report = Kernel.readReport(file);
    List<StepRecord> blame = ReportAnalysis.blame(report);
    List<StepRecord> chain = ReportAnalysis.criticalChain(report);
    if (svg.isPresent()) {
      try {
        Files.writeString(svg.get(), SvgTimeline.render(report));
      } catch (IOException e) {
        session.err().println("eksnode: cannot write " + svg.get() + ": " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }
    if (invocation.json()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("report", file.toString());
      result.put("phase", report.phase());
      result.put("result", report.result());
      result.put("durationMillis", report.durationMillis());
      result.put("blame", blame.stream().map(s -> Map.of("id", s.id(), "durationMillis", s.durationMillis(), "outcome", s.outcome())).toList());
      result.put("criticalChain", chain.stream().map(s -> Map.of("id", s.id(), "startMillis", s.startMillis(), "durationMillis", s.durationMillis())).toList());
      session.printJson(result);
      return ExitCode.OK;
    }
    session.out().println(report.phase() + " phase " + report.result() + ": " + report.steps().size() + " steps in "
        + report.durationMillis() + " ms (" + file + ")");
    session.out().println();
    session.out().println("blame (longest first):");
    blame.forEach(s -> session.out().printf("  %6d ms  %-9s %s%n", s.durationMillis(), s.outcome(), s.id()));
    session.out().println();
    session.out().println("critical chain (sets the wall time):");
    chain.forEach(s -> session.out().printf("  %-36s starts %6d ms, takes %6d ms%n", s.id(), s.startMillis(), s.durationMillis()));
    svg.ifPresent(path -> session.out().println("\ntimeline written to " + path));
    return ExitCode.OK;
  }
}
