package dev.eksnode.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ClusterInfo;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.NodeFacts;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHarnessTest {

  @TempDir Path root;

  /** Labels the node with the facts it reads and the GPU vendor file it finds; records a version at image build. */
  static final class Probe implements Plugin {
    @Override
    public String id() {
      return "probe";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public String description() {
      return "reads facts";
    }

    @Override
    public List<Step> steps() {
      return List.of(new Step() {
        @Override
        public String id() {
          return "probe/labels";
        }

        @Override
        public Phase phase() {
          return Phase.BOOT;
        }

        @Override
        public Set<String> requires() {
          return Set.of("core/kubelet-version", "core/instance-data");
        }

        @Override
        public Set<String> before() {
          return Set.of(Documents.NODE_LABELS.renderedBy());
        }

        @Override
        public Outcome apply(StepContext context) {
          String vendor = context.host().readString("/sys/bus/pci/devices/0000:00:1e.0/vendor").orElse("none").strip();
          context.contribute(Documents.NODE_LABELS, Map.of(
              "probe/kubelet", context.requireFact(NodeFacts.KUBELET_VERSION).toString(),
              "probe/type", context.requireFact(NodeFacts.INSTANCE).instanceType(),
              "probe/cluster", context.fact(NodeFacts.CLUSTER).map(ClusterInfo::name).orElse("none"),
              "probe/vendor", vendor));
          context.host().run(List.of("true"));
          return Outcome.done();
        }
      }, new Step() {
        @Override
        public String id() {
          return "probe/version";
        }

        @Override
        public Phase phase() {
          return Phase.IMAGE;
        }

        @Override
        public Set<String> before() {
          return Set.of(Documents.COMPONENT_VERSIONS.renderedBy());
        }

        @Override
        public Outcome apply(StepContext context) {
          context.contribute(Documents.COMPONENT_VERSIONS, Map.of("probe", "1.0.0"));
          return Outcome.done();
        }
      });
    }
  }

  @Test
  void publishesTheDefaultFactsAndKeepsContributions() {
    var run = new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = true\n").run(Phase.BOOT);
    run.expect("probe/labels", "applied");
    assertEquals(Map.of("probe/kubelet", "v1.31.2", "probe/type", "g5.xlarge",
        "probe/cluster", "none", "probe/vendor", "none"), run.labels());
    assertEquals(1, run.actions().size(), run.actions().toString());
    assertTrue(run.actions().getFirst().contains("true"), run.actions().toString());
  }

  @Test
  void publishesWhatTheTestGivesAndWritesFilesUnderTheRoot() {
    ClusterInfo cluster = new ClusterInfo(
        "prod", URI.create("https://example.eks.amazonaws.com"), "10.100.0.0/16", "10.100.0.10", "ipv4", Optional.empty());
    var run = new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = true\n")
        .kubelet("Kubernetes v1.28.15").instanceType("p4d.24xlarge").cluster(cluster)
        .pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200")
        .run(Phase.BOOT);
    assertEquals(Map.of("probe/kubelet", "v1.28.15",
        "probe/type", "p4d.24xlarge", "probe/cluster", "prod", "probe/vendor", "0x10de"), run.labels());
    assertTrue(Files.isRegularFile(root.resolve("sys/bus/pci/devices/0000:00:1e.0/class")));
  }

  @Test
  void aDisabledPluginRunsNothing() {
    var run = new PluginHarness(root, new Probe()).run(Phase.BOOT);
    assertEquals(Map.of(), run.labels());
    run.assertNoActions();
  }

  @Test
  void writesTheVersionsManifestAtImageBuild() throws Exception {
    var run = new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = true\n").run(Phase.IMAGE);
    assertEquals(List.of(Map.of("probe", "1.0.0")), run.contributions(Documents.COMPONENT_VERSIONS));
    assertEquals("{\n  \"components\" : {\n    \"probe\" : \"1.0.0\"\n  }\n}\n",
        Files.readString(root.resolve("etc/eksnode/versions.json")));
    assertTrue(run.changes().contains("/etc/eksnode/versions.json"), run.changes());
  }

  @Test
  void namesAMissingStepAndAConfigurationError() {
    var run = new PluginHarness(root, new Probe()).run(Phase.BOOT);
    AssertionError missing = assertThrows(AssertionError.class, () -> run.step("probe/nothing"));
    assertTrue(missing.getMessage().contains("no step probe/nothing"), missing.getMessage());
    AssertionError refused = assertThrows(AssertionError.class,
        () -> new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = \"yes\"\n").run(Phase.BOOT));
    assertTrue(refused.getMessage().contains("test.toml, line 2"), refused.getMessage());
    assertTrue(refused.getMessage().contains("plugins.probe.enabled"), refused.getMessage());
  }
}
