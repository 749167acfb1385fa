package dev.eksnode.kernel;

import static dev.eksnode.kernel.TestKernel.ids;
import static dev.eksnode.kernel.TestKernel.ordered;
import static dev.eksnode.kernel.TestKernel.problems;
import static dev.eksnode.kernel.TestKernel.setup;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.spi.Phase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepOrderingTest {

  @Test
  void runsEveryStepAfterTheStepsItRequires() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/c").requires("p/b"),
                TestStep.boot("p/b").requires("p/a"),
                TestStep.boot("p/a")));

    assertEquals(List.of("p/a", "p/b", "p/c"), ids(ordered(setup)));
  }

  @Test
  void breaksTiesByIdWhateverTheDeclarationOrder() {
    var forward = setup(TestPlugin.enabled("p", TestStep.boot("p/a"), TestStep.boot("p/m"), TestStep.boot("p/z")));
    var backward = setup(TestPlugin.enabled("p", TestStep.boot("p/z"), TestStep.boot("p/m"), TestStep.boot("p/a")));

    assertEquals(List.of("p/a", "p/m", "p/z"), ids(ordered(forward)));
    assertEquals(List.of("p/a", "p/m", "p/z"), ids(ordered(backward)));
  }

  @Test
  void takesTheSmallestReadyIdAtEachPoint() {
    // p/a waits for p/c; of the steps ready at the start (p/b, p/c) the smaller goes first, and p/a,
    // ready once p/c is done, then comes before p/d.
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p", TestStep.boot("p/d"), TestStep.boot("p/a").requires("p/c"), TestStep.boot("p/c"), TestStep.boot("p/b")));

    assertEquals(List.of("p/b", "p/c", "p/a", "p/d"), ids(ordered(setup)));
  }

  @Test
  void ordersStepsOfDifferentPluginsByIdToo() {
    Setup setup =
        setup(
            TestPlugin.enabled("zeta", TestStep.boot("zeta/first")),
            TestPlugin.enabled("alpha", TestStep.boot("alpha/second").requires("zeta/first"), TestStep.boot("alpha/third")));

    assertEquals(List.of("alpha/third", "zeta/first", "alpha/second"), ids(ordered(setup)));
  }

  @Test
  void ordersByAfterAndBeforeWhenTheOtherStepIsPresent() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/a").after("p/z"),
                TestStep.boot("p/b"),
                TestStep.boot("p/y").before("p/b"),
                TestStep.boot("p/z")));

    StepGraph.Ordered ordered = ordered(setup);

    assertEquals(List.of("p/y", "p/b", "p/z", "p/a"), ids(ordered));
    assertEquals(Set.of("p/z"), ordered.predecessors().get("p/a"));
    assertEquals(Set.of("p/y"), ordered.predecessors().get("p/b"));
    assertEquals(Set.of(), ordered.requires().get("p/a"), "soft ordering is no hard dependency");
  }

  @Test
  void ignoresAfterAndBeforeNamingAbsentSteps() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/b").after("ghost/step", "p/missing"),
                TestStep.boot("p/a").before("other/step")),
            TestPlugin.disabled("other", TestStep.boot("other/step")));

    StepGraph.Ordered ordered = ordered(setup);

    assertEquals(List.of("p/a", "p/b"), ids(ordered));
    assertEquals(Map.of("p/a", Set.of(), "p/b", Set.of()), ordered.predecessors());
  }

  @Test
  void leavesStepsOfDisabledPluginsAndOfTheOtherPhaseOut() {
    Setup setup =
        setup(
            TestPlugin.enabled("p", TestStep.boot("p/boot"), TestStep.image("p/image")),
            TestPlugin.disabled("off", TestStep.boot("off/boot")));

    assertEquals(List.of("p/boot"), ids(ordered(setup)));
    assertEquals(
        List.of("p/image"),
        ids((StepGraph.Ordered) Kernel.order(setup, Phase.IMAGE)));
  }

  @Test
  void rejectsRequirementOnAPluginThatIsNotInstalled() {
    Setup setup = setup(TestPlugin.enabled("p", TestStep.boot("p/a").requires("ghost/thing")));

    assertEquals(
        List.of("step 'p/a' requires 'ghost/thing', which is not available: plugin 'ghost' is not installed"),
        messages(problems(setup)));
  }

  @Test
  void rejectsRequirementOnADisabledPluginSayingHowToEnableIt() {
    Setup setup =
        setup(
            TestPlugin.enabled("p", TestStep.boot("p/a").requires("opt/thing")),
            TestPlugin.disabled("opt", TestStep.boot("opt/thing")));

    assertEquals(
        List.of(
            "step 'p/a' requires 'opt/thing', which is not available: plugin 'opt' is disabled"
                + " (enable it with plugins.opt.enabled = true)"),
        messages(problems(setup)));
  }

  @Test
  void rejectsRequirementOnAStepThePluginDoesNotHave() {
    Setup setup = setup(TestPlugin.enabled("p", TestStep.boot("p/a").requires("p/nothing")));

    assertEquals(
        List.of("step 'p/a' requires 'p/nothing', which is not available: plugin 'p' has no such step"),
        messages(problems(setup)));
  }

  @Test
  void rejectsRequirementOnAStepOfTheOtherPhase() {
    Setup setup = setup(TestPlugin.enabled("p", TestStep.boot("p/a").requires("p/bake"), TestStep.image("p/bake")));

    List<GraphProblem> problems = problems(setup);

    assertEquals(List.of(new GraphProblem.MissingDependency("p/a", "p/bake", "it is a step of the image phase")), problems);
    assertEquals(
        "step 'p/a' requires 'p/bake', which is not available: it is a step of the image phase",
        problems.getFirst().message());
  }

  static List<String> messages(List<GraphProblem> problems) {
    return problems.stream().map(GraphProblem::message).toList();
  }
}
