package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportAnalysisTest {

  static StepRecord step(String id, long start, long duration, String... waitedFor) {
    return new StepRecord(id, id.substring(0, id.indexOf('/')), "applied", "", start, duration, List.of(), List.of(), List.of(waitedFor));
  }

  static RunReport report(StepRecord... steps) {
    return new RunReport("0.1.0", "boot", "/r", "2026-01-01T00:00:00Z", 200, "succeeded", List.of(), List.of(steps), List.of());
  }

  @Test
  void criticalChainFollowsTheLatestFinishingPredecessor() {
    // imds (0-40) feeds both a fast branch (config: 40-50) and a slow one (table: 40-140);
    // the service waits for both and ends last, so the chain goes through the slow branch.
    RunReport report =
        report(
            step("core/imds", 0, 40),
            step("core/config", 40, 10, "core/imds"),
            step("core/table", 40, 100, "core/imds"),
            step("core/service", 140, 20, "core/config", "core/table"),
            step("x/unrelated", 0, 30));

    assertEquals(
        List.of("core/imds", "core/table", "core/service"),
        ReportAnalysis.criticalChain(report).stream().map(StepRecord::id).toList());
  }

  @Test
  void blameListsLongestFirstWithTiesById() {
    RunReport report = report(step("b/two", 0, 5), step("a/one", 0, 5), step("c/three", 0, 9));

    assertEquals(
        List.of("c/three", "a/one", "b/two"), ReportAnalysis.blame(report).stream().map(StepRecord::id).toList());
  }

  @Test
  void emptyReportHasEmptyChain() {
    assertEquals(List.of(), ReportAnalysis.criticalChain(report()));
  }
}
