package dev.eksnode.bench;

import dev.eksnode.kernel.StepGraph;
import dev.eksnode.spi.Step;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average time of one {@link StepGraph#order} call on a synthetic graph of 1,000 or 10,000 steps
 * (see {@link SyntheticSteps}). The graph is built once per trial; only the ordering is timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// JMH 1.37 calls sun.misc.Unsafe::objectFieldOffset, which JDK 25 warns about once per fork.
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StepGraphBenchmark {

  /** Number of steps in the graph. */
  @Param({"1000", "10000"})
  public int steps;

  private Map<Step, String> graph;

  /** Builds the graph and checks that it orders, so the benchmark times the successful path. */
  @Setup(Level.Trial)
  public void buildGraph() {
    graph = SyntheticSteps.graph(steps);
    StepGraph.Ordering ordering = order();
    if (!(ordering instanceof StepGraph.Ordered ordered) || ordered.steps().size() != steps) {
      throw new IllegalStateException("synthetic graph of " + steps + " steps did not order: " + ordering);
    }
  }

  /** Orders the whole graph; the result is returned so the JIT cannot drop the work. */
  @Benchmark
  public StepGraph.Ordering order() {
    return StepGraph.order(graph, dependency -> "not declared");
  }
}
