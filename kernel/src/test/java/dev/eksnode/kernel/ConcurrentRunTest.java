package dev.eksnode.kernel;

import static dev.eksnode.kernel.TestKernel.lines;
import static dev.eksnode.kernel.TestKernel.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps with no path between them run at the same time; steps ordered against each other never do.
 * Overlap is proven by a barrier both steps must reach while the other is still running, not by
 * measuring time.
 */
class ConcurrentRunTest {

  /** Long enough never to run out on a slow machine when the steps do overlap. */
  private static final long BARRIER_SECONDS = 10;

  @TempDir Path root;

  @Test
  void runsIndependentStepsAtTheSameTime() {
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    TestStep.Action meetTheOther =
        context -> {
          // Serialised steps never meet: the first would wait here alone and fail with a timeout.
          bothRunning.await(BARRIER_SECONDS, TimeUnit.SECONDS);
          return Outcome.done();
        };

    RunReport report =
        run(root, TestPlugin.enabled("p", TestStep.boot("p/left").does(meetTheOther), TestStep.boot("p/right").does(meetTheOther)));

    assertEquals(List.of("p/left: unchanged", "p/right: unchanged"), lines(report));
  }

  @Test
  void neverOverlapsAStepWithTheStepItRequires() {
    Queue<String> events = new ConcurrentLinkedQueue<>();
    RunReport report =
        run(
            root,
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/first").does(recording(events, "first")),
                TestStep.boot("p/second").requires("p/first").does(recording(events, "second"))));

    assertEquals(List.of("first started", "first ended", "second started", "second ended"), List.copyOf(events));
    assertEquals(List.of("p/first: unchanged", "p/second: unchanged"), lines(report));
  }

  @Test
  void neverOverlapsStepsOrderedOnlyByAfter() {
    Queue<String> events = new ConcurrentLinkedQueue<>();
    run(
        root,
        TestPlugin.enabled(
            "p",
            TestStep.boot("p/a").after("p/b").does(recording(events, "a")),
            TestStep.boot("p/b").does(recording(events, "b"))));

    assertEquals(List.of("b started", "b ended", "a started", "a ended"), List.copyOf(events));
  }

  @Test
  void startsAJoiningStepOnlyWhenBothBranchesEnded() {
    Queue<String> events = new ConcurrentLinkedQueue<>();
    CyclicBarrier branchesMeet = new CyclicBarrier(2);
    TestStep.Action branch =
        context -> {
          events.add(context.stepId() + " started");
          branchesMeet.await(BARRIER_SECONDS, TimeUnit.SECONDS);
          events.add(context.stepId() + " ended");
          return Outcome.done();
        };

    RunReport report =
        run(
            root,
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/root").does(recording(events, "p/root")),
                TestStep.boot("p/left").requires("p/root").does(branch),
                TestStep.boot("p/right").requires("p/root").does(branch),
                TestStep.boot("p/join").requires("p/left", "p/right").does(recording(events, "p/join"))));

    List<String> seen = List.copyOf(events);
    assertEquals(List.of("p/root started", "p/root ended"), seen.subList(0, 2));
    assertEquals(List.of("p/join started", "p/join ended"), seen.subList(6, 8));
    assertTrue(
        seen.subList(2, 6).containsAll(List.of("p/left started", "p/right started", "p/left ended", "p/right ended")),
        "both branches ran between the root and the join: " + seen);
    assertEquals(
        List.of("p/root: unchanged", "p/left: unchanged", "p/right: unchanged", "p/join: unchanged"), lines(report));
  }

  /** Records when the step starts and ends; it runs for a moment so that a wrongly started later step would overlap. */
  private static TestStep.Action recording(Queue<String> events, String name) {
    return context -> {
      events.add(name + " started");
      Thread.sleep(50);
      events.add(name + " ended");
      return Outcome.done();
    };
  }
}
