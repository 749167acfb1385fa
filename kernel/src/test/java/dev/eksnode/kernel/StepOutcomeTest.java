package dev.eksnode.kernel;

import static dev.eksnode.kernel.TestKernel.run;
import static dev.eksnode.kernel.TestKernel.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.ServiceAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the kernel turns what a step did through the host into applied, unchanged or skipped. */
class StepOutcomeTest {

  @TempDir Path root;

  private final TestPlugin writer =
      TestPlugin.enabled(
          "p",
          TestStep.boot("p/write").does(context -> {
            context.host().writeString("/x", "content\n", 0644);
            return Outcome.done();
          }));

  @Test
  void reportsAStepThatWroteAFileAsAppliedWithTheChange() {
    StepRecord record = step(run(root, writer), "p/write");

    assertEquals("applied", record.outcome());
    assertEquals(List.of("wrote /x (0644)"), record.changes());
    assertEquals(List.of(), record.actions());
  }

  @Test
  void reportsTheSameWriteOnASecondRunAsUnchanged() {
    run(root, writer);

    StepRecord second = step(run(root, writer), "p/write");

    assertEquals("unchanged", second.outcome());
    assertEquals(List.of(), second.changes());
  }

  @Test
  void reportsAChangedModeAsApplied() throws Exception {
    run(root, writer);
    TestPlugin tightened =
        TestPlugin.enabled(
            "p",
            TestStep.boot("p/write").does(context -> {
              context.host().writeString("/x", "content\n", 0600);
              return Outcome.done();
            }));

    StepRecord record = step(run(root, tightened), "p/write");

    assertEquals("applied", record.outcome());
    assertEquals(List.of("wrote /x (0600)"), record.changes());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("x"))));
  }

  @Test
  void reportsSkippedWithItsReason() {
    StepRecord record =
        step(run(root, TestPlugin.enabled("p", TestStep.boot("p/gpu").does(context -> Outcome.skipped("no NVIDIA device")))), "p/gpu");

    assertEquals("skipped", record.outcome());
    assertEquals("no NVIDIA device", record.detail());
  }

  @Test
  void recordsCommandsUnderARootWithoutRunningThem() {
    Path marker = root.resolve("marker");
    StepRecord record =
        step(
            run(
                root,
                TestPlugin.enabled(
                    "p",
                    TestStep.boot("p/command").does(context -> {
                      var result = context.host().run(List.of("touch", marker.toString()));
                      context.host().service(ServiceAction.RESTART, "kubelet.service");
                      context.host().service(ServiceAction.DAEMON_RELOAD, "ignored");
                      return result.succeeded() ? Outcome.done() : Outcome.skipped("command failed");
                    }))),
            "p/command");

    assertEquals("applied", record.outcome());
    assertEquals(
        List.of("run touch " + marker, "systemctl restart kubelet.service", "systemctl daemon-reload"), record.actions());
    assertFalse(Files.exists(marker), "the command was executed");
  }

  @Test
  void reportsAnExplicitAppliedOutcomeEvenWithoutRecordedChanges() {
    StepRecord record =
        step(
            run(root, TestPlugin.enabled("p", TestStep.boot("p/says").does(context -> new Outcome.Applied(List.of("tuned the kernel"))))),
            "p/says");

    assertEquals("applied", record.outcome());
    assertEquals("tuned the kernel", record.detail());
  }
}
