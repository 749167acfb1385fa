package dev.eksnode.kernel;

import static dev.eksnode.kernel.StepOrderingTest.messages;
import static dev.eksnode.kernel.TestKernel.problems;
import static dev.eksnode.kernel.TestKernel.setup;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.spi.Plugin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every problem that stops a run before it starts, with the message the user reads. */
class GraphProblemTest {

  @Test
  void rejectsDuplicateStepIdNamingBothPlugins() {
    Setup setup =
        setup(TestPlugin.enabled("beta", TestStep.boot("alpha/x")), TestPlugin.enabled("alpha", TestStep.boot("alpha/x")));

    assertEquals(
        List.of("duplicate step id 'alpha/x': declared by plugin 'alpha' and plugin 'beta'"),
        messages(problems(setup)));
  }

  @Test
  void rejectsStepIdDeclaredTwiceByOnePlugin() {
    Setup setup = setup(TestPlugin.enabled("p", TestStep.boot("p/x"), TestStep.boot("p/x")));

    assertEquals(
        List.of("duplicate step id 'p/x': declared by plugin 'p' and plugin 'p'"), messages(problems(setup)));
  }

  @Test
  void rejectsCycleNamingEveryMemberInOrder() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/c").requires("p/b"),
                TestStep.boot("p/a").requires("p/c"),
                TestStep.boot("p/b").requires("p/a")));

    List<GraphProblem> problems = problems(setup);

    assertEquals(List.of(new GraphProblem.Cycle(List.of("p/a", "p/b", "p/c", "p/a"))), problems);
    assertEquals("dependency cycle: p/a -> p/b -> p/c -> p/a", problems.getFirst().message());
  }

  @Test
  void rejectsCycleMadeOfSoftOrdering() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/a").before("p/b"),
                TestStep.boot("p/b"),
                TestStep.boot("p/c").after("p/b").before("p/a")));

    assertEquals(List.of("dependency cycle: p/a -> p/b -> p/c -> p/a"), messages(problems(setup)));
  }

  @Test
  void rejectsStepThatRequiresItself() {
    Setup setup = setup(TestPlugin.enabled("p", TestStep.boot("p/a").requires("p/a"), TestStep.boot("p/b")));

    assertEquals(List.of("dependency cycle: p/a -> p/a"), messages(problems(setup)));
  }

  @Test
  void reportsEveryIndependentCycleButNotTheStepsWaitingOnThem() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/y").requires("p/x"),
                TestStep.boot("p/x").requires("p/y"),
                TestStep.boot("p/b").requires("p/a"),
                TestStep.boot("p/a").requires("p/b"),
                TestStep.boot("p/waits").requires("p/a", "p/x"),
                TestStep.boot("p/free")));

    assertEquals(
        List.of("dependency cycle: p/a -> p/b -> p/a", "dependency cycle: p/x -> p/y -> p/x"),
        messages(problems(setup)));
  }

  @Test
  void reportsDuplicateMissingAndCyclicStepsTogether() {
    Setup setup =
        setup(
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/dup"),
                TestStep.boot("p/dup"),
                TestStep.boot("p/lonely").requires("p/gone"),
                TestStep.boot("p/a").requires("p/b"),
                TestStep.boot("p/b").requires("p/a")));

    assertEquals(
        List.of(
            "duplicate step id 'p/dup': declared by plugin 'p' and plugin 'p'",
            "step 'p/lonely' requires 'p/gone', which is not available: plugin 'p' has no such step",
            "dependency cycle: p/a -> p/b -> p/a"),
        messages(problems(setup)));
  }

  @Test
  void rejectsDuplicatePluginIdNamingBothSources() {
    PluginSet plugins =
        Kernel.of(
            List.of(
                new LoadedPlugin(TestPlugin.enabled("acme"), LoadedPlugin.BUILT_IN),
                new LoadedPlugin(TestPlugin.enabled("acme"), "/opt/eksnode/plugins/acme.jar")));

    assertEquals(
        List.of("plugin id 'acme' is provided twice: by built-in and by /opt/eksnode/plugins/acme.jar"),
        pluginMessages(plugins));
    assertEquals(1, plugins.plugins().size(), "the first plugin with an id is kept");
  }

  @Test
  void rejectsPluginRequiringANewerKernel() {
    PluginSet plugins = TestKernel.plugins(TestPlugin.enabled("future").version("2.3.0").requiringKernel(">=9.0.0"));

    assertEquals(
        List.of(new GraphProblem.KernelTooOld("future", "2.3.0", ">=9.0.0", Kernel.VERSION)), plugins.problems());
    assertEquals(
        List.of("plugin 'future' 2.3.0 requires kernel >=9.0.0, this kernel is 0.1.0"), pluginMessages(plugins));
  }

  @Test
  void acceptsPluginWhoseKernelRangeIncludesThisKernel() {
    PluginSet plugins =
        TestKernel.plugins(
            TestPlugin.enabled("current").requiringKernel(">=0.1.0 & <1.0.0"), TestPlugin.enabled("any").requiringKernel("*"));

    assertEquals(List.of(), plugins.problems());
  }

  @Test
  void rejectsStepIdNotPrefixedByItsPluginId() {
    PluginSet plugins = TestKernel.plugins(TestPlugin.enabled("acme", TestStep.boot("other/thing"), TestStep.boot("acme/ok")));

    assertEquals(
        List.of("bad id 'other/thing' in plugin 'acme': step ids are 'acme/<kebab-name>'"), pluginMessages(plugins));
  }

  @Test
  void rejectsStepIdWhoseNameIsNotKebabCase() {
    PluginSet plugins = TestKernel.plugins(TestPlugin.enabled("acme", TestStep.boot("acme/Write_File"), TestStep.boot("acme")));

    assertEquals(
        List.of(
            "bad id 'acme/Write_File' in plugin 'acme': step ids are 'acme/<kebab-name>'",
            "bad id 'acme' in plugin 'acme': step ids are 'acme/<kebab-name>'"),
        pluginMessages(plugins));
  }

  @Test
  void rejectsPluginIdThatIsNotLowerCase() {
    PluginSet plugins = TestKernel.plugins(TestPlugin.enabled("Acme"));

    assertEquals(List.of("bad id 'Acme' in built-in: plugin ids match [a-z][a-z0-9-]*"), pluginMessages(plugins));
    assertEquals(List.of(), plugins.plugins());
  }

  @Test
  void reportsEveryPluginProblemTogether() {
    Plugin first = TestPlugin.enabled("acme");
    Plugin second = TestPlugin.enabled("acme");
    Plugin future = TestPlugin.enabled("future").requiringKernel(">=9.0.0");
    Plugin misnamed = TestPlugin.enabled("tidy", TestStep.boot("messy/step"));

    PluginSet plugins =
        Kernel.of(
            List.of(
                new LoadedPlugin(first, LoadedPlugin.BUILT_IN),
                new LoadedPlugin(second, "/plugins/acme.jar"),
                new LoadedPlugin(future, "/plugins/future.jar"),
                new LoadedPlugin(misnamed, "/plugins/tidy.jar")));

    assertEquals(
        List.of(
            "plugin id 'acme' is provided twice: by built-in and by /plugins/acme.jar",
            "plugin 'future' 1.0.0 requires kernel >=9.0.0, this kernel is 0.1.0",
            "bad id 'messy/step' in plugin 'tidy': step ids are 'tidy/<kebab-name>'"),
        pluginMessages(plugins));
  }

  private static List<String> pluginMessages(PluginSet plugins) {
    return plugins.problems().stream().map(GraphProblem::message).toList();
  }
}
