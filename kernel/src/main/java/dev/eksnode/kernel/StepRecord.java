package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.List;

/**
 * What one step did in a run, as the report and the step lines show it.
 *
 * @param id the step id
 * @param plugin the id of the plugin that declared it
 * @param outcome applied, unchanged, skipped, failed or blocked
 * @param detail the skip reason, the failure message, or the dependency that blocked it; empty otherwise
 * @param startMillis when it started, in milliseconds from the start of the run
 * @param durationMillis how long it ran
 * @param changes files written, deleted or created
 * @param actions commands run and service actions, in the order they happened
 * @param waitedFor the steps that had to finish before this one started (hard and soft), sorted
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record StepRecord(
    String id,
    String plugin,
    String outcome,
    String detail,
    long startMillis,
    long durationMillis,
    List<String> changes,
    List<String> actions,
    List<String> waitedFor) {
  public StepRecord {
    changes = List.copyOf(changes);
    actions = List.copyOf(actions);
    waitedFor = List.copyOf(waitedFor);
  }

  /** Whether the step failed or did not run because a dependency failed. */
  public boolean unsuccessful() {
    return outcome.equals("failed") || outcome.equals("blocked");
  }
}
