package dev.eksnode.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.Plugin;
import dev.eksnode.tck.fixtures.GoodPlugin;
import dev.eksnode.tck.internal.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each deliberately broken variant of the good plugin fails exactly the rule it breaks, with a
 * message that says what and where; every other rule still passes. A plugin eksnode refuses to load
 * (a bad step id) is the exception: no case runs, as no node would run it.
 */
class BrokenPluginsTest {

  /** What running a plugin's conformance tests gave: each failing test's name and message. */
  record Results(List<String> passed, Map<String, String> failed) {

    Set<String> failedRules() {
      return failed.keySet().stream().map(name -> name.substring(name.lastIndexOf(" / ") + 3))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    String messages() {
      return String.join("\n\n", failed.values());
    }
  }

  static Results conformance(Plugin plugin) {
    return run(PluginConformance.forPlugin(plugin)
        .cases(GoodPluginConformanceTest.CASES)
        .badConfig(GoodPluginConformanceTest.BAD_CONFIG)
        .compareOnly()
        .tests());
  }

  static Results run(Stream<? extends org.junit.jupiter.api.DynamicNode> nodes) {
    List<String> passed = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>();
    nodes.forEach(node -> collect(node, passed, failed));
    assertTrue(passed.size() + failed.size() > 0, "no tests were produced");
    return new Results(passed, failed);
  }

  private static void collect(org.junit.jupiter.api.DynamicNode node, List<String> passed, Map<String, String> failed) {
    switch (node) {
      case org.junit.jupiter.api.DynamicContainer container ->
          container.getChildren().forEach(child -> collect(child, passed, failed));
      case org.junit.jupiter.api.DynamicTest test -> {
        try {
          test.getExecutable().execute();
          passed.add(test.getDisplayName());
        } catch (Throwable e) {
          failed.put(test.getDisplayName(), String.valueOf(e.getMessage()));
        }
      }
      default -> throw new IllegalStateException("unknown node " + node);
    }
  }

  private static void assertContains(String message, String expected) {
    assertTrue(message.contains(expected), () -> "expected the message to contain\n  " + expected + "\nbut it was\n" + message);
  }

  @Test
  void writingOutsideItsOwnedPathsFailsOnlyContained() {
    Results results = conformance(new GoodPlugin.UnownedWrite());

    assertEquals(Set.of("contained"), results.failedRules(), results::messages);
    assertContains(results.failed().get("good / al2023-defaults / contained"),
        "good/greeting wrote /etc/good/greeting, outside the paths plugin 'good' owns [/etc/good/*.conf,");
  }

  @Test
  void aNonAtomicWriteFailsOnlyAtomic() {
    Results results = conformance(new GoodPlugin.NonAtomicWrite());

    assertEquals(Set.of("atomic"), results.failedRules(), results::messages);
    String message = results.failed().get("good / gpu-g5-blue / atomic");
    // Which change comes last before the crash depends on how the plugin's independent steps
    // interleave; what must hold is that a crash leaves the half-written greeting, named with its diff.
    assertContains(message, "files left half-done by a crash");
    assertContains(message, ") left /etc/good/greeting neither as it was nor as it should be (written by good/greeting); it holds:\n"
        + "    --- should be/etc/good/greeting\n"
        + "    +++ after the crash/etc/good/greeting\n"
        + "    @@ -1 +1 @@\n"
        + "    -hi, blue\n"
        + "    +hi, \n"
        + "    \\ No newline at end of file");
  }

  @Test
  void anAppendOnEveryRunFailsOnlyIdempotent() {
    Results results = conformance(new GoodPlugin.NonIdempotentAppend());

    assertEquals(Set.of("idempotent"), results.failedRules(), results::messages);
    String message = results.failed().get("good / al2023-defaults / idempotent");
    assertContains(message, "a second run over the first run's result was not a no-op:\n  boot good/boot-log: wrote /etc/good/boot.log (0644)");
    assertContains(message, "--- first run/etc/good/boot.log\n+++ second run/etc/good/boot.log\n@@ -1 +1,2 @@\n booted\n+booted");
  }

  /**
   * eksnode refuses such a plugin before any step runs (exit 3), and the kit prepares its runs the same
   * way: no case runs, every rule of every case says why, and only the configuration samples pass.
   */
  @Test
  void aStepIdWithoutThePluginIdFailsEveryCaseRuleNamingTheId() {
    Results results = conformance(new GoodPlugin.StepIdWithoutPlugin());

    assertEquals(Set.of("atomic", "contained", "deterministic", "golden", "idempotent", "well-formed"), results.failedRules(),
        results::messages);
    assertContains(results.failed().get("good / al2023-defaults / well-formed"),
        "bad id 'boot-log' in plugin 'good': step ids are 'good/<kebab-name>'");
    results.failed().forEach((test, message) -> assertContains(message, "bad id 'boot-log' in plugin 'good'"));
    assertTrue(results.passed().stream().allMatch(test -> test.contains("bad-config")), results.passed()::toString);
  }

  @Test
  void acceptingABadValueFailsOnlyThatConfigSample() {
    Results results = conformance(new GoodPlugin.LaxConfig());

    assertEquals(Set.of("good / bad-config:bad-color / config"), results.failed().keySet(), results::messages);
    assertContains(results.messages(),
        "bad-color.toml: plugin 'good' accepted this configuration; expected '\"purple\" is not red, green or blue' at bad-color.toml, line 3");
  }

  @Test
  void documentingKeysTheBinderRefusesFailsOnlyTheDocumentedKeysCheck() {
    Results results = conformance(new GoodPlugin.MisdocumentedKeys());

    assertEquals(Set.of("good / bad-config:kit-documented-keys / config"), results.failed().keySet(), results::messages);
    assertContains(results.messages(), "plugins.good.color: the example \"purple\" is not among the allowed values [red, green, blue]");
    assertContains(results.messages(), "plugins.good.color: the documented example \"purple\" is refused: kit-documented-keys, line 3");
    assertContains(results.messages(), "plugins.good.size: the documented example 3 is refused: kit-documented-keys, line 3, column 1:"
        + " plugins.good.size: unknown key");
  }

  @Test
  void readingABootFactInTheImagePhaseFailsOnlyWellFormedInEveryCase() {
    Results results = conformance(new GoodPlugin.ImageReadsBootFact());

    // The read is declared, so every case shows it, whether or not it runs the image phase.
    assertEquals(Set.of("good / al2023-defaults / well-formed", "good / gpu-g5-blue / well-formed"), results.failed().keySet(),
        results::messages);
    assertContains(results.messages(),
        "image-phase step 'good/static-config' reads fact 'core.instance', which is published only at boot");
  }

  @Test
  void orderingByAnotherPluginsStepIdFailsOnlyWellFormed() {
    Results results = conformance(new GoodPlugin.OrderedByAnotherPluginsStep());

    assertEquals(Set.of("well-formed"), results.failedRules(), results::messages);
    assertContains(results.messages(), "step 'good/greeting' names 'core/kubelet-service' in before(), a step of another"
        + " plugin; declare the fact it reads or the document it contributes to instead");
  }

  @Test
  void writingToTheMachineInsteadOfTheRootFailsOnlyContained() {
    Tree.deleteTree(GoodPlugin.ESCAPE);
    try {
      Results results = conformance(new GoodPlugin.WritesOutsideRoot());

      assertEquals(Set.of("contained"), results.failedRules(), results::messages);
      assertContains(results.failed().get("good / al2023-defaults / contained"),
          "created " + GoodPlugin.ESCAPE.resolve("greeting") + " on the machine running the tests, not under the root");
    } finally {
      Tree.deleteTree(GoodPlugin.ESCAPE);
    }
  }

  @Test
  void connectingToTheInternetFailsOnlyContained() {
    Results results = conformance(new GoodPlugin.UsesNetwork());

    assertEquals(Set.of("contained"), results.failedRules(), results::messages);
    assertContains(results.failed().get("good / gpu-g5-blue / contained"),
        "tried to connect to http://192.0.2.10; only the loopback emulators may be used");
  }

  /** A result that differs on every run cannot match a snapshot, a first run or a crash oracle either. */
  @Test
  void aDifferentResultOnEveryRunFailsDeterministic() {
    Results results = conformance(new GoodPlugin.Nondeterministic());

    assertEquals(Set.of("atomic", "deterministic", "golden", "idempotent"), results.failedRules(), results::messages);
    assertContains(results.failed().get("good / al2023-defaults / deterministic"),
        "two runs from the same start differ:\n/etc/good/nonce: content differs\n--- first run/etc/good/nonce\n+++ second run/etc/good/nonce\n");
    assertContains(results.failed().get("good / al2023-defaults / golden"), "/etc/good/nonce: created, but the snapshot does not record it (file 0644");
  }
}
