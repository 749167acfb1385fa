package dev.eksnode.bench;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds a deterministic, acyclic step graph of a given size for the ordering benchmarks.
 *
 * <p>Step {@code i} requires 0 to 3 earlier steps, and sometimes runs after an earlier step, before a
 * later one, or after a step that is absent (a soft edge the ordering ignores). Every edge points from
 * a lower index to a higher one, so the graph has no cycle. Ids are spread over 16 plugins
 * ({@code plugin-07/step-123}), so their sort order is not the index order and ties are really broken
 * by id. The same size always gives the same graph.
 */
final class SyntheticSteps {

  private static final long SEED = 20_260_101L;
  private static final int PLUGINS = 16;

  private SyntheticSteps() {}

  /** {@code size} steps, each mapped to the id of the plugin declaring it. */
  static Map<Step, String> graph(int size) {
    Random random = new Random(SEED);
    Map<Step, String> steps = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      Set<String> requires = new HashSet<>();
      Set<String> after = new HashSet<>();
      Set<String> before = new HashSet<>();
      int hard = i == 0 ? 0 : random.nextInt(4);
      for (int k = 0; k < hard; k++) {
        requires.add(id(random.nextInt(i)));
      }
      if (i > 0 && random.nextInt(4) == 0) {
        after.add(id(random.nextInt(i)));
      }
      if (i < size - 1 && random.nextInt(8) == 0) {
        before.add(id(i + 1 + random.nextInt(size - i - 1)));
      }
      if (random.nextInt(16) == 0) {
        after.add("absent/step-" + i);
      }
      steps.put(new SyntheticStep(id(i), requires, after, before), plugin(i));
    }
    return steps;
  }

  private static String id(int index) {
    return plugin(index) + "/step-" + index;
  }

  private static String plugin(int index) {
    return "plugin-%02d".formatted(index % PLUGINS);
  }

  /** A step that only declares its edges; the benchmarks never apply it. */
  private record SyntheticStep(String id, Set<String> requires, Set<String> after, Set<String> before)
      implements Step {

    SyntheticStep {
      requires = Set.copyOf(requires);
      after = Set.copyOf(after);
      before = Set.copyOf(before);
    }

    @Override
    public Phase phase() {
      return Phase.BOOT;
    }

    @Override
    public Outcome apply(StepContext context) {
      return Outcome.done();
    }
  }
}
