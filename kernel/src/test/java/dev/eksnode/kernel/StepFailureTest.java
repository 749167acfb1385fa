package dev.eksnode.kernel;

import static dev.eksnode.kernel.TestKernel.lines;
import static dev.eksnode.kernel.TestKernel.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed step stops the steps that need it and nothing else. */
class StepFailureTest {

  @TempDir Path root;

  @Test
  void blocksEveryStepThatRequiresAFailedStepAndRunsTheRest() {
    AtomicBoolean dependentRan = new AtomicBoolean();
    RunReport report =
        run(
            root,
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/breaks").does(context -> {
                  throw new IllegalStateException("disk full");
                }),
                TestStep.boot("p/needs-it").requires("p/breaks").does(context -> {
                  dependentRan.set(true);
                  return Outcome.done();
                }),
                TestStep.boot("p/needs-that").requires("p/needs-it"),
                TestStep.boot("p/unrelated").does(context -> {
                  context.host().writeString("/etc/unrelated", "still here\n", 0644);
                  return Outcome.done();
                })));

    assertEquals(
        List.of(
            "p/breaks: failed (disk full)",
            "p/needs-it: blocked (p/breaks)",
            "p/needs-that: blocked (p/needs-it)",
            "p/unrelated: applied"),
        lines(report));
    assertFalse(dependentRan.get(), "a blocked step must not run");
    assertTrue(Files.exists(root.resolve("etc/unrelated")), "the unrelated step wrote its file");
    assertEquals("failed", report.result());
    assertFalse(report.succeeded());
  }

  @Test
  void runsAStepOrderedOnlySoftlyAfterAFailedStep() {
    RunReport report =
        run(
            root,
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/breaks").does(context -> {
                  throw new IllegalStateException("no network");
                }),
                TestStep.boot("p/later").after("p/breaks")));

    assertEquals(List.of("p/breaks: failed (no network)", "p/later: unchanged"), lines(report));
  }

  @Test
  void blocksOnTheFirstFailedRequirementById() {
    RunReport report =
        run(
            root,
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/b-fails").does(context -> {
                  throw new IllegalStateException("b");
                }),
                TestStep.boot("p/a-fails").does(context -> {
                  throw new IllegalStateException("a");
                }),
                TestStep.boot("p/needs-both").requires("p/b-fails", "p/a-fails")));

    assertEquals("p/needs-both: blocked (p/a-fails)", lines(report).get(2));
  }

  @Test
  void reportsAnExceptionWithoutMessageInWordsNotByItsJavaName() {
    RunReport report =
        run(root, TestPlugin.enabled("p", TestStep.boot("p/npe").does(context -> {
          throw new NullPointerException();
        })));

    assertEquals(List.of("p/npe: failed (used a missing (null) value)"), lines(report));
  }

  @Test
  void failsAStepWhoseStackOverflowsOrWhoseAssertionFailsAndRunsTheRest() {
    RunReport report =
        run(root, TestPlugin.enabled("p",
            TestStep.boot("p/deep").does(context -> deeper(0)),
            TestStep.boot("p/asserts").does(context -> {
              throw new AssertionError();
            }),
            TestStep.boot("p/fine").does(context -> Outcome.done())));

    assertEquals(
        List.of("p/asserts: failed (an assertion failed)", "p/deep: failed (ran out of stack (a recursion too deep))", "p/fine: unchanged"),
        lines(report));
  }

  private static Outcome deeper(int depth) {
    return depth < 0 ? Outcome.done() : deeper(depth + 1);
  }

  @Test
  void failsAStepThatOutlivesItsDeadlineAndFinishesTheRun() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    RunReport report = TestKernel.run(root, java.util.Map.of(Kernel.STEP_DEADLINE_VARIABLE, "1"), TestPlugin.enabled("p",
            TestStep.boot("p/hangs").does(context -> {
              never.await();
              return Outcome.done();
            }),
            TestStep.boot("p/after").requires("p/hangs").does(context -> Outcome.done()),
            TestStep.boot("p/beside").does(context -> Outcome.done())));

    assertEquals(
        List.of("p/beside: unchanged", "p/hangs: failed (did not finish within 1 s (EKSNODE_STEP_DEADLINE_SECONDS); it was left"
            + " running and failed)", "p/after: blocked (p/hangs)"),
        lines(report));
  }

  @Test
  void failsACheckThatOutlivesItsDeadlineAndBlocksWhatRequiresIt() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    RunReport report = TestKernel.run(root, java.util.Map.of(Kernel.STEP_DEADLINE_VARIABLE, "1"), TestPlugin.enabled("p",
            TestStep.boot("p/check-hangs").checks(false).does(context -> {
              never.await();
              return Outcome.done();
            }),
            TestStep.boot("p/writes").requires("p/check-hangs").does(context -> Outcome.done()),
            TestStep.boot("p/beside").does(context -> Outcome.done())));

    assertEquals(
        List.of("p/beside: unchanged", "p/check-hangs: failed (did not finish within 1 s (EKSNODE_STEP_DEADLINE_SECONDS); it was"
            + " left running and failed)", "p/writes: blocked (p/check-hangs)"),
        lines(report));
  }

  @Test
  void failsAStepThatReturnsNoOutcome() {
    RunReport report = run(root, TestPlugin.enabled("p", TestStep.boot("p/forgetful").does(context -> null)));

    assertEquals(List.of("p/forgetful: failed (the step returned no outcome)"), lines(report));
    assertEquals("failed", report.result());
  }

  @Test
  void succeedsWhenNoStepFailed() {
    RunReport report =
        run(root, TestPlugin.enabled("p", TestStep.boot("p/skips").does(context -> Outcome.skipped("not here"))));

    assertEquals("succeeded", report.result());
  }

  @Test
  void keepsAFailureMessageOnOnePrintableLineOfBoundedLength() {
    RunReport report = run(root, TestPlugin.enabled("p", TestStep.boot("p/noisy").does(context -> {
      throw new IllegalStateException("kubelet printed:\nline\u0000two\u001b[31m" + "x".repeat(5000));
    })));

    String detail = TestKernel.step(report, "p/noisy").detail();
    assertTrue(detail.startsWith("kubelet printed: line\\x00two\\x1b[31mxxx"), detail);
    // The message as told, its line break a space and its NUL and ESC escaped: 36 characters, then 5000 x.
    assertTrue(detail.endsWith(" ... (5036 characters)"), detail.substring(detail.length() - 40));
    assertEquals(Kernel.MAX_DETAIL + " ... (5036 characters)".length(), detail.length());
  }
}
