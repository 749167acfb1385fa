package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run report says about time: which steps took longest (blame) and which chain of steps set
 * the phase's wall time (the critical chain).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ReportAnalysis {

  private ReportAnalysis() {}

  /** Steps by duration, longest first; ties by id. */
  public static List<StepRecord> blame(RunReport report) {
    return report.steps().stream()
        .sorted(Comparator.comparingLong(StepRecord::durationMillis).reversed().thenComparing(StepRecord::id))
        .toList();
  }

  /** When a step finished, in milliseconds from the start of the run. */
  public static long end(StepRecord step) {
    return step.startMillis() + step.durationMillis();
  }

  /**
   * The dependency path that set the phase's wall time, first step first: start from the step that
   * finished last and repeatedly go to the step it waited for that finished last (ties broken by id).
   */
  public static List<StepRecord> criticalChain(RunReport report) {
    Map<String, StepRecord> byId = new HashMap<>();
    report.steps().forEach(step -> byId.put(step.id(), step));
    Comparator<StepRecord> latest =
        Comparator.comparingLong(ReportAnalysis::end).thenComparing(StepRecord::id, Comparator.reverseOrder());
    Optional<StepRecord> current = report.steps().stream().max(latest);
    List<StepRecord> chain = new ArrayList<>();
    while (current.isPresent()) {
      StepRecord step = current.get();
      chain.add(step);
      current = step.waitedFor().stream().map(byId::get).filter(s -> s != null).max(latest);
    }
    Collections.reverse(chain);
    return chain;
  }
}
