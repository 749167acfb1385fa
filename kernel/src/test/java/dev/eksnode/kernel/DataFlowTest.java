package dev.eksnode.kernel;

import static dev.eksnode.kernel.StepOrderingTest.messages;
import static dev.eksnode.kernel.TestKernel.ids;
import static dev.eksnode.kernel.TestKernel.lines;
import static dev.eksnode.kernel.TestKernel.ordered;
import static dev.eksnode.kernel.TestKernel.problems;
import static dev.eksnode.kernel.TestKernel.setup;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order the kernel derives from what steps read, publish, contribute to and render, and what it refuses. */
class DataFlowTest {

  static final FactKey<String> REGION = FactKey.of("test.region", String.class);
  static final FactKey<Integer> PODS = FactKey.of("test.pods", Integer.class);
  static final DocumentKey<List<String>> LABELS = DocumentKey.of("test-labels");

  @TempDir Path root;

  @Test
  void ordersThePublisherOfAFactBeforeEveryStepThatReadsIt() {
    Setup setup = setup(
        TestPlugin.enabled("a", TestStep.boot("a/reader").reads(REGION), TestStep.boot("a/other").readsIfPresent(REGION)),
        TestPlugin.enabled("z", TestStep.boot("z/publisher").publishes(REGION)));

    StepGraph.Ordered ordered = ordered(setup);

    assertEquals(List.of("z/publisher", "a/other", "a/reader"), ids(ordered));
    assertEquals(Set.of("z/publisher"), ordered.requires().get("a/reader"), "a read is a hard dependency");
    assertEquals(Set.of(), ordered.requires().get("a/other"), "a read if present is a soft one");
    assertEquals(Map.of("test.region", "z/publisher"), ordered.publishers());
  }

  @Test
  void ordersEveryContributorBeforeTheRenderer() {
    Setup setup = setup(
        TestPlugin.enabled("a", TestStep.boot("a/render").renders(LABELS)),
        TestPlugin.enabled("m", TestStep.boot("m/one").contributesTo(LABELS)),
        TestPlugin.enabled("z", TestStep.boot("z/two").contributesTo(LABELS)));

    StepGraph.Ordered ordered = ordered(setup);

    assertEquals(List.of("m/one", "z/two", "a/render"), ids(ordered));
    assertEquals(Set.of("m/one", "z/two"), ordered.predecessors().get("a/render"));
    assertEquals(Set.of(), ordered.requires().get("a/render"), "a failed contributor does not block the renderer");
    assertEquals(Map.of("test-labels", "a/render"), ordered.renderers());
  }

  @Test
  void aStepMayReadWhatItPublishesAndContributeToWhatItRenders() {
    Setup setup = setup(TestPlugin.enabled("a",
        TestStep.boot("a/self").publishes(REGION).reads(REGION).renders(LABELS).contributesTo(LABELS)));

    assertEquals(List.of("a/self"), ids(ordered(setup)));
  }

  @Test
  void blocksAReaderWhosePublisherFailedButNotAReaderIfPresent() {
    var report = TestKernel.run(root,
        TestPlugin.enabled("p",
            TestStep.boot("p/publish").publishes(REGION).does(context -> {
              throw new EksnodeException("metadata is down");
            }),
            TestStep.boot("p/needs").reads(REGION),
            TestStep.boot("p/wants").readsIfPresent(REGION)
                .does(context -> context.fact(REGION).isEmpty() ? Outcome.skipped("no region") : Outcome.done())));

    assertEquals(
        List.of("p/publish: failed (metadata is down)", "p/needs: blocked (p/publish)", "p/wants: skipped (no region)"),
        lines(report));
  }

  @Test
  void refusesAReadNoStepOfThePhasePublishesSayingWhereThePublisherIs() {
    Setup setup = setup(
        TestPlugin.enabled("a",
            TestStep.boot("a/reads-image-fact").reads(PODS),
            TestStep.boot("a/reads-disabled-fact").reads(REGION),
            TestStep.boot("a/reads-nothing").reads(FactKey.of("test.nobody", String.class)),
            TestStep.image("a/pods").publishes(PODS)),
        TestPlugin.disabled("b", TestStep.boot("b/region").publishes(REGION)));

    assertEquals(List.of(
            "step 'a/reads-disabled-fact' reads fact 'test.region', which no step of this phase publishes: it is published"
                + " by step 'b/region', but plugin 'b' is disabled (enable it with plugins.b.enabled = true)",
            "step 'a/reads-image-fact' reads fact 'test.pods', which no step of this phase publishes: it is published by"
                + " step 'a/pods', but it is a step of the image phase",
            "step 'a/reads-nothing' reads fact 'test.nobody', which no step of this phase publishes: no installed plugin's"
                + " step says it is published there"),
        messages(problems(setup)));
  }

  @Test
  void aReadIfPresentNeedsNoPublisher() {
    Setup setup = setup(TestPlugin.enabled("a", TestStep.boot("a/wants").readsIfPresent(REGION)));

    assertEquals(List.of("a/wants"), ids(ordered(setup)));
  }

  @Test
  void refusesTwoPublishersOfOneFactNamingBoth() {
    Setup setup = setup(
        TestPlugin.enabled("z", TestStep.boot("z/first").publishes(REGION)),
        TestPlugin.enabled("a", TestStep.boot("a/second").publishes(REGION)));

    List<GraphProblem> problems = problems(setup);

    assertEquals(List.of(new GraphProblem.DuplicatePublisher("test.region", "a/second", "z/first")), problems);
    assertEquals("fact 'test.region' is published by step 'a/second' and step 'z/first'; a fact has one publisher",
        problems.getFirst().message());
  }

  @Test
  void refusesAFactReadAsAnotherTypeThanItIsPublished() {
    Setup setup = setup(TestPlugin.enabled("p",
        TestStep.boot("p/publish").publishes(REGION),
        TestStep.boot("p/read").reads(FactKey.of("test.region", Integer.class))));

    assertEquals(List.of("step 'p/read' reads fact 'test.region' as java.lang.Integer, but step 'p/publish' publishes it"
        + " as java.lang.String"), messages(problems(setup)));
  }

  @Test
  void refusesAContributionNoStepOfThePhaseRendersNamingTheContributor() {
    Setup setup = setup(
        TestPlugin.enabled("a", TestStep.boot("a/label").contributesTo(LABELS), TestStep.image("a/render").renders(LABELS)));

    List<GraphProblem> problems = problems(setup);

    assertEquals(List.of(new GraphProblem.MissingRenderer("a/label", "test-labels",
        "it is rendered by step 'a/render', but it is a step of the image phase")), problems);
    assertEquals("step 'a/label' contributes to document 'test-labels', which no step of this phase renders: it is"
        + " rendered by step 'a/render', but it is a step of the image phase", problems.getFirst().message());
  }

  @Test
  void refusesTwoRenderersOfOneDocumentNamingBoth() {
    Setup setup = setup(
        TestPlugin.enabled("a", TestStep.boot("a/render").renders(LABELS)),
        TestPlugin.enabled("b", TestStep.boot("b/render").renders(LABELS)));

    assertEquals(List.of("document 'test-labels' is rendered by step 'a/render' and step 'b/render'; a document has"
        + " one renderer"), messages(problems(setup)));
  }

  @Test
  void explainsEachDataFlowLinkOfACycle() {
    // p/a publishes what p/b reads; p/b contributes to what p/c renders; p/c is declared before p/a.
    Setup setup = setup(TestPlugin.enabled("p",
        TestStep.boot("p/a").publishes(REGION),
        TestStep.boot("p/b").reads(REGION).contributesTo(LABELS),
        TestStep.boot("p/c").renders(LABELS).before("p/a")));

    assertEquals(List.of("dependency cycle: p/a -> p/b -> p/c -> p/a (p/b reads fact 'test.region', which p/a"
        + " publishes; p/b contributes to document 'test-labels', which p/c renders)"), messages(problems(setup)));
  }

  @Test
  void ordersOnlyTheStepsOfThePhase() {
    Setup setup = setup(TestPlugin.enabled("p",
        TestStep.image("p/publish").publishes(REGION),
        TestStep.image("p/read").reads(REGION),
        TestStep.boot("p/boot")));

    assertEquals(List.of("p/publish", "p/read"), ids((StepGraph.Ordered) Kernel.order(setup, Phase.IMAGE)));
  }

  @Test
  void handsAReaderWhatItsPublisherPublishedAndTheRendererEveryContributionInStepOrder() {
    List<String> seen = new java.util.ArrayList<>();
    var report = TestKernel.run(root, TestPlugin.enabled("p",
        TestStep.boot("p/publish").publishes(REGION).does(context -> {
          context.publish(REGION, "us-west-2");
          return Outcome.done();
        }),
        TestStep.boot("p/z-label").reads(REGION).contributesTo(LABELS).does(context -> {
          context.contribute(LABELS, List.of("region=" + context.fact(REGION).orElseThrow()));
          return Outcome.done();
        }),
        TestStep.boot("p/a-label").contributesTo(LABELS).does(context -> {
          context.contribute(LABELS, List.of("a=1"));
          return Outcome.done();
        }),
        TestStep.boot("p/render").renders(LABELS).does(context -> {
          context.contributions(LABELS).forEach(c -> seen.add(c.stepId() + " " + c.value()));
          return Outcome.done();
        })));

    assertEquals(List.of("p/a-label: unchanged", "p/publish: unchanged", "p/z-label: unchanged", "p/render: unchanged"),
        lines(report));
    assertEquals(List.of("p/a-label [a=1]", "p/z-label [region=us-west-2]"), seen);
  }

  @Test
  void failsAStepThatReadsAFactItDidNotDeclareNamingThePublisherEvenWhenItCatchesTheRefusal() {
    var report = TestKernel.run(root, TestPlugin.enabled("p",
        TestStep.boot("p/publish").publishes(REGION).does(context -> {
          context.publish(REGION, "us-west-2");
          return Outcome.done();
        }),
        TestStep.boot("p/sneak").after("p/publish").does(context -> {
          try {
            context.fact(REGION);
          } catch (EksnodeException ignored) {
            // a step that swallows the refusal still fails
          }
          return Outcome.done();
        })));

    assertEquals("failed", TestKernel.step(report, "p/sneak").outcome());
    assertEquals("step 'p/sneak' read fact 'test.region', which it does not declare (p/publish publishes it); declare"
        + " it in reads(), or in readsIfPresent() when the step copes without it", TestKernel.step(report, "p/sneak").detail());
  }

  @Test
  void refusesAReadOfAFactNoStepPublishes() {
    var report = TestKernel.run(root, TestPlugin.enabled("p",
        TestStep.boot("p/sneak").does(context -> context.requireFact(REGION).isEmpty() ? Outcome.done() : Outcome.done())));

    assertEquals(List.of("p/sneak: failed (step 'p/sneak' read fact 'test.region', which it does not declare (no step of this"
        + " phase publishes it); declare it in reads(), or in readsIfPresent() when the step copes without it)"), lines(report));
  }

  @Test
  void refusesAPublicationTheStepDidNotDeclare() {
    var report = TestKernel.run(root, TestPlugin.enabled("p",
        TestStep.boot("p/declared").publishes(REGION),
        TestStep.boot("p/sneak").does(context -> {
          context.publish(REGION, "eu-west-1");
          return Outcome.done();
        })));

    assertEquals("step 'p/sneak' published fact 'test.region', which it does not declare in publishes() (p/declared"
        + " publishes it)", TestKernel.step(report, "p/sneak").detail());
  }

  @Test
  void refusesAContributionTheStepDidNotDeclareNamingTheRenderer() {
    var report = TestKernel.run(root, TestPlugin.enabled("p",
        TestStep.boot("p/render").renders(LABELS),
        TestStep.boot("p/sneak").before("p/render").does(context -> {
          context.contribute(LABELS, List.of("x=1"));
          return Outcome.done();
        })));

    assertEquals(List.of("p/sneak: failed (step 'p/sneak' contributed to document 'test-labels', which it does not declare in"
        + " contributesTo() (p/render renders it))", "p/render: unchanged"), lines(report));
  }

  @Test
  void onlyTheRendererReadsTheContributions() {
    var report = TestKernel.run(root, TestPlugin.enabled("p",
        TestStep.boot("p/render").renders(LABELS),
        TestStep.boot("p/peek").after("p/render").does(context -> {
          context.contributions(LABELS);
          return Outcome.done();
        })));

    assertEquals("step 'p/peek' read the contributions to document 'test-labels', which only its renderer reads (p/render"
        + " renders it); a step that renders it declares it in renders()", TestKernel.step(report, "p/peek").detail());
  }
}
