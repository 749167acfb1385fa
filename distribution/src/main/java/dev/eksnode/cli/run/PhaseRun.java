package dev.eksnode.cli.run;

import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Session;
import dev.eksnode.cli.command.UsageException;
import dev.eksnode.kernel.ChangeObserver;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.config.ConfigExplain;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.Phase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What bootstrap, image build and plan share: prepare a phase, run it (for real or dry), print it. */
final class PhaseRun {

  private PhaseRun() {}

  /**
   * @param dryRun write nothing (plan)
   * @param explain first print the merged configuration with the source of every value (plan --explain)
   * @return {@link ExitCode#OK} when every step succeeded, else {@link ExitCode#STEP_FAILED}
   */
  static int run(Invocation invocation, Session session, Phase phase, boolean dryRun, boolean explain) {
    boolean json = invocation.json();
    Preparation.Ready ready = Runs.prepare(session, Runs.request(invocation, session, phase), !json);
    List<ConfigExplain.Entry> explained = explain ? ConfigExplain.entries(ready.configuration().merged()) : List.of();
    if (explain && !json) {
      session.out().println("configuration (lowest precedence first: "
          + String.join(", ", ready.configuration().sources().stream().map(ConfigSource::display).toList()) + "):");
      ConfigExplain.text(explained).forEach(line -> session.out().println("  " + line));
      session.out().println();
    }
    RunOptions options = new RunOptions(invocation.root(), dryRun, session.environment(), Clock.systemUTC())
        .withChangeObserver(pauseForTests(session));
    RunListener listener = json ? RunListener.NONE : record -> Runs.printStep(session, record);
    if (dryRun && !json) {
      session.out().println("plan for the " + phase.name().toLowerCase(Locale.ROOT) + " phase (dry run: nothing is written)");
    }
    RunReport report = Kernel.run(ready, options, listener);
    if (json && explain) {
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("configuration", ConfigExplain.json(explained));
      both.put("plan", report);
      session.printJson(both);
    } else if (json) {
      session.printJson(report);
    } else {
      if (dryRun) {
        report.steps().forEach(record -> Runs.printPlannedChanges(session, record));
      }
      session.out().println(
          report.result() + ": " + report.steps().size() + " steps in " + report.durationMillis() + " ms"
              + (dryRun ? "" : "; report " + invocation.root().resolve(Kernel.reportPath(phase).substring(1))));
    }
    return report.succeeded() ? ExitCode.OK : ExitCode.STEP_FAILED;
  }

  /** Test hook: with {@code EKSNODE_TEST_PAUSE_AT_CHANGE=N}, the variable eksnode pauses at change N; see {@link PauseAtChange}. */
  private static ChangeObserver pauseForTests(Session session) {
    String at = session.environment().get(PauseAtChange.AT);
    if (at == null || at.isBlank()) {
      return ChangeObserver.NONE;
    }
    String marker = session.environment().get(PauseAtChange.MARKER);
    if (marker == null || marker.isBlank()) {
      throw new UsageException(PauseAtChange.AT + " needs " + PauseAtChange.MARKER);
    }
    try {
      return new PauseAtChange(Integer.parseInt(at.strip()), Path.of(marker));
    } catch (NumberFormatException e) {
      throw new UsageException(PauseAtChange.AT + ": \"" + at + "\" is not a number");
    }
  }
}
