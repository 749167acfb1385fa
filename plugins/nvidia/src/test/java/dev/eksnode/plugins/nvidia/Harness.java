package dev.eksnode.plugins.nvidia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.InstanceInfo;
import dev.eksnode.spi.KubeletVersion;
import dev.eksnode.spi.NodeFacts;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs a plugin's phase through the real kernel over a directory root, beside a stand-in {@code core}
 * plugin that publishes the node facts and "renders" each shared document by keeping its contributions.
 * Stands in for the TCK until the core join and the TCK land.
 */
final class Harness {

  private final Path root;
  private final List<Plugin> plugins;
  private String config = "";
  private KubeletVersion kubelet = new KubeletVersion(1, 31, 2);
  private Optional<String> instanceType = Optional.of("g5.xlarge");

  Harness(Path root, Plugin... plugins) {
    this.root = root;
    this.plugins = List.of(plugins);
  }

  Harness config(String toml) {
    this.config = toml;
    return this;
  }

  Harness kubelet(String version) {
    this.kubelet = KubeletVersion.find(version).orElseThrow();
    return this;
  }

  Harness instanceType(String type) {
    this.instanceType = Optional.of(type);
    return this;
  }

  /** Writes a file under the root, creating parents; executable when {@code executable}. */
  Harness file(String path, String content, boolean executable) {
    try {
      Path file = root.resolve(path.substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      file.toFile().setExecutable(executable);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Harness file(String path, String content) {
    return file(path, content, false);
  }

  /** A PCI function under /sys/bus/pci/devices. */
  Harness pci(String address, String vendor, String device, String pciClass) {
    String base = "/sys/bus/pci/devices/" + address;
    return file(base + "/vendor", vendor + "\n").file(base + "/device", device + "\n").file(base + "/class", pciClass + "\n");
  }

  Run run(Phase phase) {
    StandInCore core = new StandInCore(kubelet, instanceType);
    List<LoadedPlugin> loaded = new ArrayList<>();
    loaded.add(new LoadedPlugin(core, LoadedPlugin.BUILT_IN));
    plugins.forEach(p -> loaded.add(new LoadedPlugin(p, LoadedPlugin.BUILT_IN)));
    var setup = Kernel.bind(Kernel.of(loaded), TomlDocuments.parse("test.toml", config));
    var ordering = Kernel.order(setup, phase);
    if (!(ordering instanceof StepGraph.Ordered ordered)) {
      throw new AssertionError("steps cannot be ordered: " + ordering);
    }
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    RunReport report = Kernel.run(setup, ordered, phase, new RunOptions(root, false, Map.of(), clock), RunListener.NONE);
    return new Run(report, Map.copyOf(core.rendered));
  }

  /**
   * What a run did.
   *
   * @param report the kernel's run report
   * @param documents each shared document's contributions, by document name, as its renderer saw them
   */
  record Run(RunReport report, Map<String, List<Contribution<?>>> documents) {

    StepRecord step(String id) {
      return report.steps().stream().filter(s -> s.id().equals(id)).findFirst()
          .orElseThrow(() -> new AssertionError("no step " + id + " in " + report.steps()));
    }

    /** Asserts the step ended with {@code outcome} and returns its record. */
    StepRecord expect(String id, String outcome) {
      StepRecord record = step(id);
      if (!record.outcome().equals(outcome)) {
        fail(id + " was " + record.outcome() + " (" + record.detail() + "), expected " + outcome);
      }
      return record;
    }

    @SuppressWarnings("unchecked")
    <T> List<T> contributions(DocumentKey<T> key) {
      return documents.getOrDefault(key.name(), List.of()).stream().map(c -> (T) c.value()).toList();
    }

    /** The labels every step contributed, merged. */
    Map<String, String> labels() {
      Map<String, String> labels = new TreeMap<>();
      contributions(Documents.NODE_LABELS).forEach(labels::putAll);
      return labels;
    }

    /** Every command and service action of the run, in step order. */
    List<String> actions() {
      return report.steps().stream().flatMap(s -> s.actions().stream()).toList();
    }

    void assertNoActions() {
      assertEquals(List.of(), actions());
    }

    String changes() {
      return report.steps().stream().flatMap(s -> s.changes().stream()).collect(Collectors.joining("\n"));
    }
  }

  /** The core plugin as far as these tests need it: facts and one renderer per document. */
  static final class StandInCore implements Plugin {
    static final List<DocumentKey<?>> DOCUMENTS = List.of(
        Documents.KUBELET_CONFIG, Documents.KUBELET_FLAGS, Documents.NODE_LABELS, Documents.NODE_TAINTS,
        Documents.CONTAINERD_CONFIG, Documents.BASE_RUNTIME_SPEC, Documents.COMPONENT_VERSIONS,
        Documents.SERVICE_ENVIRONMENT);

    final Map<String, List<Contribution<?>>> rendered = new ConcurrentHashMap<>();
    private final KubeletVersion kubelet;
    private final Optional<String> instanceType;

    StandInCore(KubeletVersion kubelet, Optional<String> instanceType) {
      this.kubelet = kubelet;
      this.instanceType = instanceType;
    }

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
      return "stand-in core for plugin tests";
    }

    @Override
    public boolean enabledByDefault() {
      return true;
    }

    @Override
    public List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      steps.add(fact("core/kubelet-version", NodeFacts.KUBELET_VERSION, kubelet));
      instanceType.ifPresent(type -> steps.add(fact("core/instance-data", NodeFacts.INSTANCE, new InstanceInfo(
          "i-0123456789abcdef0", type, "us-west-2", "us-west-2a", "10.0.1.23", Optional.empty(),
          "0a:00:00:00:00:01", "ip-10-0-1-23.us-west-2.compute.internal", "amazonaws.com", List.of("10.0.0.0/16"),
          Optional.empty()))));
      Map<String, List<DocumentKey<?>>> byRenderer = new TreeMap<>();
      DOCUMENTS.forEach(d -> byRenderer.computeIfAbsent(d.renderedBy(), k -> new ArrayList<>()).add(d));
      byRenderer.forEach((id, documents) -> steps.add(renderer(id, documents)));
      return steps;
    }

    private static <T> Step fact(String id, FactKey<T> key, T value) {
      return new StandInStep(id, Phase.BOOT, context -> context.publish(key, value));
    }

    private Step renderer(String id, List<DocumentKey<?>> documents) {
      Phase phase = id.equals(Documents.COMPONENT_VERSIONS.renderedBy()) ? Phase.IMAGE : Phase.BOOT;
      return new StandInStep(id, phase, context -> {
        for (DocumentKey<?> document : documents) {
          List<Contribution<?>> contributions = new ArrayList<>(context.contributions(document));
          rendered.put(document.name(), contributions);
        }
        if (documents.contains(Documents.COMPONENT_VERSIONS)) {
          // The same shape as core/versions-manifest writes: {"components": {name: version}}.
          Map<String, String> versions = new TreeMap<>();
          context.contributions(Documents.COMPONENT_VERSIONS).forEach(c -> versions.putAll(c.value()));
          context.host().writeString("/etc/eksnode/versions.json", versions.entrySet().stream()
              .map(e -> "    \"" + e.getKey() + "\" : \"" + e.getValue() + "\"")
              .collect(Collectors.joining(",\n", "{\n  \"components\" : {\n", "\n  }\n}\n")), 0644);
        }
      });
    }
  }

  private record StandInStep(String id, Phase phase, Work work) implements Step {
    @Override
    public Outcome apply(StepContext context) {
      work.run(context);
      return Outcome.done();
    }
  }

  private interface Work {
    void run(StepContext context);
  }
}
