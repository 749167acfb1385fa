package dev.eksnode.kernel;

import dev.eksnode.kernel.internal.FileHost;
import dev.eksnode.kernel.internal.ReportJson;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The run in progress, so that when plugin code ends the process unasked, the CLI's shutdown hook can
 * still leave a report: the steps that finished as they did, the step whose thread ended the process
 * failed with the reason, and the steps still running or waiting failed as stopped.
 */
final class ActiveRun {

  private static final AtomicReference<ActiveRun> CURRENT = new AtomicReference<>();

  private final Phase phase;
  private final List<Step> steps;
  private final Map<String, CompletableFuture<StepRecord>> futures;
  private final Map<String, String> pluginOf;
  private final long origin;
  private final FileHost reportHost;
  private final Function<List<StepRecord>, RunReport> report;

  ActiveRun(Phase phase, List<Step> steps, Map<String, CompletableFuture<StepRecord>> futures, Map<String, String> pluginOf,
      long origin, FileHost reportHost, Function<List<StepRecord>, RunReport> report) {
    this.phase = phase;
    this.steps = steps;
    this.futures = futures;
    this.pluginOf = pluginOf;
    this.origin = origin;
    this.reportHost = reportHost;
    this.report = report;
  }

  static void start(ActiveRun run) {
    CURRENT.set(run);
  }

  static void finish(ActiveRun run) {
    CURRENT.compareAndSet(run, null);
  }

  /**
   * Writes the report of the run in progress as failed: {@code culpritStep} (when known) with {@code
   * reason}, the other unfinished steps as stopped.
   *
   * @return the report's node path, when a run was in progress and its report could be written
   */
  static Optional<String> abort(Optional<String> culpritStep, String reason) {
    ActiveRun run = CURRENT.get();
    if (run == null) {
      return Optional.empty();
    }
    long now = (System.nanoTime() - run.origin) / 1_000_000;
    List<StepRecord> records = new ArrayList<>();
    for (Step step : run.steps) {
      CompletableFuture<StepRecord> future = run.futures.get(step.id());
      if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
        records.add(future.join());
      } else {
        String detail = culpritStep.filter(step.id()::equals).isPresent()
            ? reason
            : "not finished: the run was stopped because " + culpritStep.map(id -> "step " + id).orElse("plugin code") + " " + reason;
        records.add(new StepRecord(step.id(), run.pluginOf.get(step.id()), "failed", detail, now, 0, List.of(), List.of(), List.of()));
      }
    }
    try {
      String path = Kernel.reportPath(run.phase);
      run.reportHost.write(path, ReportJson.write(run.report.apply(records)), 0644);
      return Optional.of(path);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
