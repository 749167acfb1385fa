package dev.eksnode.plugins.nfdlabels;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ClusterInfo;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.InstanceInfo;
import dev.eksnode.spi.NodeFacts;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small stand-in for the TCK kit until it lands: runs the boot phase of one plugin beside a fake
 * core plugin that publishes the node facts and captures what is contributed to the shared
 * documents (and renders {@code /etc/hosts} by the SPI's contract, so re-runs can be checked).
 */
final class Harness {

  private Harness() {}

  static final String HOSTS_BEGIN = "# BEGIN eksnode core/etc-hosts: do not edit this block";
  static final String HOSTS_END = "# END eksnode core/etc-hosts";

  static final List<DocumentKey<?>> DOCUMENTS =
      List.of(
          Documents.NODE_LABELS, Documents.KUBELET_FLAGS, Documents.SERVICE_ENVIRONMENT,
          Documents.HOSTS_ENTRIES, Documents.KUBELET_VARIANT, Documents.CONTAINERD_CONFIG,
          Documents.KUBELET_CONFIG);

  /** What a run left behind besides the root. */
  record Result(RunReport report, Map<String, List<Contribution<?>>> documents, Map<String, Object> facts) {

    StepRecord step(String id) {
      return report.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(
          () -> new AssertionError("no step " + id + " in " + report.steps()));
    }

    /** Every contribution to a document, values only, in step order. */
    @SuppressWarnings("unchecked")
    <T> List<T> contributed(DocumentKey<T> key) {
      List<T> values = new ArrayList<>();
      documents.getOrDefault(key.name(), List.of()).forEach(c -> values.add((T) c.value()));
      return values;
    }
  }

  static InstanceInfo instance(List<String> vpcCidrs, Optional<String> outpostArn) {
    return new InstanceInfo(
        "i-0123456789abcdef0", "m5d.large", "us-west-2", "us-west-2a", "10.0.1.23", Optional.empty(),
        "0e:00:00:00:00:01", "ip-10-0-1-23.us-west-2.compute.internal", "amazonaws.com", vpcCidrs, outpostArn);
  }

  static ClusterInfo cluster(String endpoint, String serviceCidr, Optional<String> outpostClusterId) {
    boolean six = serviceCidr.contains(":");
    return new ClusterInfo(
        "demo", URI.create(endpoint), serviceCidr, six ? "fd12:3456:789a::a" : "10.100.0.10", six ? "ipv6" : "ipv4",
        outpostClusterId);
  }

  static Result run(Path root, String toml, Plugin plugin, InstanceInfo instance, ClusterInfo cluster) {
    Map<String, List<Contribution<?>>> documents = new ConcurrentHashMap<>();
    Map<String, Object> facts = new ConcurrentHashMap<>();
    FakeCore core = new FakeCore(instance, cluster, documents, facts);
    var plugins = Kernel.of(List.of(new LoadedPlugin(core, LoadedPlugin.BUILT_IN), new LoadedPlugin(plugin, LoadedPlugin.BUILT_IN)));
    if (!plugins.problems().isEmpty()) {
      throw new AssertionError("plugin problems: " + plugins.problems());
    }
    Setup setup = Kernel.bind(plugins, TomlDocuments.parse("config.toml", toml));
    StepGraph.Ordering ordering = Kernel.order(setup, Phase.BOOT);
    if (!(ordering instanceof StepGraph.Ordered ordered)) {
      throw new AssertionError("cannot order: " + ordering);
    }
    RunOptions options =
        new RunOptions(root, false, Map.of(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    RunReport report = Kernel.run(setup, ordered, Phase.BOOT, options, RunListener.NONE);
    return new Result(report, documents, facts);
  }

  /** Publishes the node facts and stands in for the core steps that render the shared documents. */
  private record FakeCore(
      InstanceInfo instance, ClusterInfo cluster, Map<String, List<Contribution<?>>> documents, Map<String, Object> facts)
      implements Plugin {

    @Override
    public String id() {
      return "core";
    }

    @Override
    public String version() {
      return "0.0.0";
    }

    @Override
    public String description() {
      return "test stand-in for the core plugin";
    }

    @Override
    public boolean enabledByDefault() {
      return true;
    }

    @Override
    public List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      steps.add(step("core/instance-data", List.of(), context -> {
        if (instance != null) {
          context.publish(NodeFacts.INSTANCE, instance);
        }
      }));
      steps.add(step("core/cluster", List.of(), context -> {
        if (cluster != null) {
          context.publish(NodeFacts.CLUSTER, cluster);
        }
      }));
      for (String renderer :
          List.of("core/kubelet-service", "core/service-environment", "core/etc-hosts", "core/kubeconfig",
              "core/containerd-config", "core/kubelet-config")) {
        steps.add(step(renderer, List.of("core/instance-data", "core/cluster"), context -> {
          for (DocumentKey<?> key : DOCUMENTS) {
            if (key.renderedBy().equals(renderer)) {
              documents.put(key.name(), new ArrayList<>(context.contributions(key)));
            }
          }
          context.fact(NodeFacts.PROXY).ifPresent(p -> facts.put(NodeFacts.PROXY.name(), p));
          if (renderer.equals("core/etc-hosts")) {
            renderHosts(context);
          }
        }));
      }
      return steps;
    }

    /** What core/etc-hosts does (h4-join): the contributed lines in a marked block, replaced on every run. */
    private static void renderHosts(StepContext context) {
      StringBuilder block = new StringBuilder();
      context.contributions(Documents.HOSTS_ENTRIES).forEach(c -> c.value().forEach(
          (address, names) -> block.append(address).append('\t').append(String.join(" ", names)).append('\n')));
      if (block.isEmpty()) {
        return;
      }
      StringBuilder text = new StringBuilder();
      boolean inBlock = false;
      for (String line : context.host().readString("/etc/hosts").orElse("").lines().toList()) {
        if (line.equals(HOSTS_BEGIN)) {
          inBlock = true;
        } else if (line.equals(HOSTS_END)) {
          inBlock = false;
        } else if (!inBlock) {
          text.append(line).append('\n');
        }
      }
      text.append(HOSTS_BEGIN).append('\n').append(block).append(HOSTS_END).append('\n');
      context.host().writeString("/etc/hosts", text.toString(), 0644);
    }

    private static Step step(String id, List<String> after, java.util.function.Consumer<StepContext> body) {
      return new Step() {
        @Override
        public String id() {
          return id;
        }

        @Override
        public Phase phase() {
          return Phase.BOOT;
        }

        @Override
        public java.util.Set<String> after() {
          return java.util.Set.copyOf(after);
        }

        @Override
        public Outcome apply(StepContext context) {
          body.accept(context);
          return Outcome.done();
        }
      };
    }
  }
}
