package dev.eksnode.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.Documents;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
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
        public Set<FactKey<?>> reads() {
          return Set.of(NodeFacts.KUBELET_VERSION, NodeFacts.INSTANCE);
        }

        @Override
        public Set<FactKey<?>> readsIfPresent() {
          return Set.of(NodeFacts.CLUSTER);
        }

        @Override
        public Set<DocumentKey<?>> contributesTo() {
          return Set.of(Documents.NODE_LABELS);
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
        public Set<DocumentKey<?>> contributesTo() {
          return Set.of(Documents.COMPONENT_VERSIONS);
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

  /** Pins the API server in /etc/hosts with the addresses its configuration lists; publishes nothing. */
  static final class Pinner implements Plugin {
    @Override
    public String id() {
      return "pinner";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public String description() {
      return "adds /etc/hosts lines";
    }

    @Override
    public List<Step> steps() {
      return List.of(new Step() {
        @Override
        public String id() {
          return "pinner/hosts";
        }

        @Override
        public Phase phase() {
          return Phase.BOOT;
        }

        @Override
        public Set<DocumentKey<?>> contributesTo() {
          return Set.of(Documents.HOSTS_ENTRIES);
        }

        @Override
        public Outcome apply(StepContext context) {
          String addresses = context.host().readString("/etc/pinner").orElse("").strip();
          if (!addresses.isEmpty()) {
            for (String address : addresses.split(" ")) {
              context.contribute(Documents.HOSTS_ENTRIES, Map.of(address, List.of("api.local", "api")));
            }
            context.contribute(Documents.HOSTS_ENTRIES, Map.of(addresses.split(" ")[0], List.of("api.alias")));
          }
          return Outcome.done();
        }
      });
    }
  }

  @Test
  void rendersTheHostsBlockOnceAndRemovesItWhenNothingIsContributed() throws Exception {
    Path hosts = root.resolve("etc/hosts");
    Files.createDirectories(hosts.getParent());
    Files.writeString(hosts, "127.0.0.1 localhost\n");
    var harness = new PluginHarness(root, new Pinner()).config("[plugins.pinner]\nenabled = true\n")
        .file("/etc/pinner", "10.0.4.17 10.0.5.33\n");
    String expected = "127.0.0.1 localhost\n" + PluginHarness.HOSTS_BEGIN + "\n10.0.4.17\tapi.local api api.alias\n"
        + "10.0.5.33\tapi.local api\n" + PluginHarness.HOSTS_END + "\n";

    harness.run(Phase.BOOT).expect("core/etc-hosts", "applied");
    assertEquals(expected, Files.readString(hosts));
    harness.run(Phase.BOOT).expect("core/etc-hosts", "unchanged");
    assertEquals(expected, Files.readString(hosts));

    harness.file("/etc/pinner", "");
    harness.run(Phase.BOOT).expect("core/etc-hosts", "applied");
    assertEquals("127.0.0.1 localhost\n", Files.readString(hosts));
  }

  @Test
  void theClusterDnsFollowsTheServiceCidr() {
    ClusterInfo ipv4 = PluginHarness.cluster("https://x.eks.example", "172.20.0.0/16");
    assertEquals("172.20.0.10", ipv4.clusterDns());
    assertEquals("ipv4", ipv4.ipFamily());
    assertEquals(Optional.empty(), ipv4.outpostClusterId());
    assertEquals("10.100.0.10", PluginHarness.cluster("https://x.eks.example", "10.100.0.0/16").clusterDns());
    ClusterInfo ipv6 = PluginHarness.cluster("https://[fd00:10::443]:443", "fd12:3456:789a::/108", Optional.of("local-1"));
    assertEquals("fd12:3456:789a::a", ipv6.clusterDns());
    assertEquals("ipv6", ipv6.ipFamily());
    assertEquals(Optional.of("local-1"), ipv6.outpostClusterId());
    assertEquals("https://[fd00:10::443]:443", ipv6.apiServerEndpoint().toString());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> PluginHarness.cluster("https://x", "api.example/16"));
    assertTrue(bad.getMessage().contains("api.example/16"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PluginHarness.cluster("https://x", "10.100.0.0/33"));
    assertEquals("10.100.0.10", PluginHarness.cluster("https://x", "10.100.7.9/16").clusterDns(), "from the network address");
  }

  @Test
  void showsTheFactsPublishedWhenTheRunEnded() {
    ClusterInfo cluster = PluginHarness.cluster("https://x.eks.example", "10.100.0.0/16");
    var run = new PluginHarness(root, new Probe()).cluster(cluster).run(Phase.BOOT);
    assertEquals(Optional.of(cluster), run.fact(NodeFacts.CLUSTER));
    assertEquals("g5.xlarge", run.fact(NodeFacts.INSTANCE).orElseThrow().instanceType());
    assertEquals(Optional.empty(), run.fact(NodeFacts.PROXY));
    assertThrows(IllegalArgumentException.class, () -> run.fact(FactKey.of("probe.other", String.class)));
  }

  @Test
  void withoutAnInstanceTheStepThatRequiresItCannotBeOrdered() {
    var run = new PluginHarness(root, new Probe()).noInstance().run(Phase.BOOT);
    assertEquals(Optional.empty(), run.fact(NodeFacts.INSTANCE));
    assertFalse(run.report().steps().stream().anyMatch(s -> s.id().equals("core/instance-data")));
    AssertionError unordered = assertThrows(AssertionError.class,
        () -> new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = true\n").noInstance().run(Phase.BOOT));
    assertTrue(unordered.getMessage().contains("step 'probe/labels' reads fact 'core.instance', which no step of this phase"
        + " publishes"), unordered.getMessage());
  }

  @Test
  void returnsTheRefusalOfABadConfigurationAndFailsOnAGoodOne() {
    ConfigException refused = new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = \"yes\"\n").refusal();
    assertEquals(List.of("plugins.probe.enabled"), refused.problems().stream().map(p -> p.key()).toList());
    assertTrue(refused.getMessage().contains("test.toml, line 2"), refused.getMessage());
    AssertionError accepted = assertThrows(AssertionError.class,
        () -> new PluginHarness(root, new Probe()).config("[plugins.probe]\nenabled = true\n").refusal());
    assertTrue(accepted.getMessage().contains("accepted"), accepted.getMessage());
  }
}
