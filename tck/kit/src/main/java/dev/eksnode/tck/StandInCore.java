package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletFiles;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.node.text.DeepMerge;
import dev.eksnode.node.text.SystemdText;
import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The core plugin as far as another plugin's tests need it: a plugin with core's id whose steps carry
 * the ids of the core steps they stand for. It publishes the node facts a test gives it and renders
 * every document of {@link Documents}, each in the phase the real core renders it, declaring that data
 * flow like any plugin, so the kernel orders a plugin's steps against it exactly as against the real
 * core, and refuses what it would refuse there.
 *
 * <p>Every renderer keeps the contributions it saw, in step order ({@link #rendered()}), and a last
 * step, {@value #FACTS_STEP}, reads the {@link NodeFacts} published ({@link #facts()}). Besides that
 * it writes what it was made for:
 *
 * <ul>
 *   <li>{@link #recordingDocuments()}: each boot document's contributions, one line per contribution,
 *       to {@value #DOCUMENTS}{@code /<document>.txt}: what a conformance case run without the core
 *       plugin shows in its snapshot, independent of how core renders.
 *   <li>{@link #writingNodeFiles()}: the files a plugin reads back, in the shape and place the real
 *       core writes them: the versions manifest (image phase), the marked block of {@code /etc/hosts},
 *       the kubelet configuration (contributions deep-merged, then the configuration's {@code
 *       [kubelet.config]}) and the service environment. {@link PluginHarness} runs this one.
 * </ul>
 *
 * <p>Use a fresh stand-in for each run: it keeps what its run rendered.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StandInCore implements Plugin {

  /** How runs name this plugin's source. */
  public static final String SOURCE = "conformance kit stand-in";

  /** Where {@link #recordingDocuments()} writes, under the root. */
  public static final String DOCUMENTS = "/var/lib/eksnode-tck/documents";

  /** The last step, which reads the facts published for {@link #facts()}. */
  public static final String FACTS_STEP = "core/harness-facts";

  /** The line that opens the block {@code core/etc-hosts} owns in {@code /etc/hosts}. */
  public static final String HOSTS_BEGIN = "# BEGIN eksnode core/etc-hosts: do not edit this block";

  /** The line that closes the block {@code core/etc-hosts} owns in {@code /etc/hosts}. */
  public static final String HOSTS_END = "# END eksnode core/etc-hosts";

  /** Where the kubelet configuration is written, as the real core writes it for a standard join. */
  public static final String KUBELET_CONFIG = "/etc/kubernetes/kubelet/config.json";

  /** Where the environment of every service is written ({@code DefaultEnvironment=}). */
  public static final String DEFAULT_ENVIRONMENT = "/etc/systemd/system.conf.d/00-eksnode-environment.conf";

  /** The facts {@link #facts()} answers for. */
  static final List<FactKey<?>> FACTS = List.of(NodeFacts.INSTANCE, NodeFacts.CLUSTER, NodeFacts.KUBELET_VERSION,
      NodeFacts.MAX_PODS, NodeFacts.KUBELET_FILES, NodeFacts.PROXY, NodeFacts.LOCAL_STORAGE);

  /** The core step that publishes each fact, by fact name. */
  private static final Map<String, String> PUBLISHERS = Map.of(
      NodeFacts.INSTANCE.name(), "core/instance-data",
      NodeFacts.CLUSTER.name(), "core/cluster",
      NodeFacts.KUBELET_VERSION.name(), "core/kubelet-version",
      NodeFacts.MAX_PODS.name(), "core/max-pods");

  /** The core step that renders each document, in the order the steps are declared. */
  private static final Map<String, List<DocumentKey<?>>> RENDERERS = renderers();

  /** The documents recorded in {@link #recordingDocuments()} mode: those of the boot phase. */
  private static final Set<String> RECORDED = Set.of(
      Documents.KUBELET_CONFIG.name(), Documents.KUBELET_FLAGS.name(), Documents.NODE_LABELS.name(),
      Documents.NODE_TAINTS.name(), Documents.CONTAINERD_CONFIG.name(), Documents.BASE_RUNTIME_SPEC.name(),
      Documents.SERVICE_ENVIRONMENT.name(), Documents.HOSTS_ENTRIES.name(), Documents.KUBELET_VARIANT.name());

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final boolean record;
  private final Map<String, Publication<?>> published = new LinkedHashMap<>();
  private final Map<String, List<Contribution<?>>> rendered = new ConcurrentHashMap<>();
  private final Map<String, Object> facts = new ConcurrentHashMap<>();

  private StandInCore(boolean record) {
    this.record = record;
  }

  /** A stand-in that records each boot document's contributions under {@value #DOCUMENTS}. */
  public static StandInCore recordingDocuments() {
    return new StandInCore(true);
  }

  /** A stand-in that writes the versions manifest, {@code /etc/hosts}, the kubelet configuration and the service environment. */
  public static StandInCore writingNodeFiles() {
    return new StandInCore(false);
  }

  /** Also publishes {@code value} as {@code key} at boot, from the core step that publishes it; replaces an earlier value. */
  public <T> StandInCore publishing(FactKey<T> key, T value) {
    published.put(key.name(), new Publication<>(key, value));
    return this;
  }

  /** The contributions each document's renderer saw in the last run, in step order, by document name; absent when it did not run. */
  public Map<String, List<Contribution<?>>> rendered() {
    return Map.copyOf(rendered);
  }

  /** The {@link NodeFacts} published when the last run's other steps had run, by fact name. */
  public Map<String, Object> facts() {
    return Map.copyOf(facts);
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
    return "The conformance kit's stand-in for the core plugin: node facts and document renderers.";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<String> configSections() {
    return record ? Set.of("plugins.core") : Set.of("plugins.core", "kubelet");
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return record ? Map.of() : config.section("kubelet").table("config").orElse(Map.of());
  }

  @Override
  public List<String> ownedPaths() {
    return record ? List.of(DOCUMENTS + "/**") : List.of(VersionsManifest.PATH, "/etc/hosts", KUBELET_CONFIG,
        DEFAULT_ENVIRONMENT, "/etc/systemd/system/*.d/00-eksnode-environment.conf");
  }

  @Override
  public List<Step> steps() {
    List<Step> steps = new ArrayList<>();
    published.values().forEach(publication -> steps.add(publication.step()));
    RENDERERS.forEach((id, keys) -> steps.add(new Renderer(id, keys)));
    steps.add(new StandInStep(FACTS_STEP, Phase.BOOT) {
      @Override
      public Set<FactKey<?>> readsIfPresent() {
        return Set.copyOf(FACTS);
      }

      @Override
      public Outcome apply(StepContext context) {
        facts.clear();
        FACTS.forEach(key -> context.fact(key).ifPresent(value -> facts.put(key.name(), value)));
        return Outcome.done();
      }
    });
    return steps;
  }

  private static Map<String, List<DocumentKey<?>>> renderers() {
    Map<String, List<DocumentKey<?>>> renderers = new LinkedHashMap<>();
    renderers.put("core/kubeconfig", List.of(Documents.KUBELET_VARIANT));
    renderers.put("core/etc-hosts", List.of(Documents.HOSTS_ENTRIES));
    renderers.put("core/kubelet-config", List.of(Documents.KUBELET_CONFIG));
    renderers.put("core/service-environment", List.of(Documents.SERVICE_ENVIRONMENT));
    renderers.put("core/containerd-config", List.of(Documents.CONTAINERD_CONFIG, Documents.BASE_RUNTIME_SPEC));
    renderers.put("core/kubelet-service", List.of(Documents.KUBELET_FLAGS, Documents.NODE_LABELS, Documents.NODE_TAINTS));
    renderers.put("core/versions-manifest", List.of(Documents.COMPONENT_VERSIONS));
    return renderers;
  }

  /** A fact the test gives and the step that publishes it. */
  private record Publication<T>(FactKey<T> key, T value) {
    Step step() {
      return new StandInStep(PUBLISHERS.getOrDefault(key.name(), "core/fact-" + key.name().replaceAll("[^a-z0-9]+", "-")),
          Phase.BOOT) {
        @Override
        public Set<FactKey<?>> publishes() {
          return Set.of(key);
        }

        @Override
        public Outcome apply(StepContext context) {
          context.publish(key, value);
          return Outcome.done();
        }
      };
    }
  }

  /** Renders a document, or several that one core step renders. */
  private final class Renderer extends StandInStep {
    private final List<DocumentKey<?>> keys;

    Renderer(String id, List<DocumentKey<?>> keys) {
      super(id, keys.contains(Documents.COMPONENT_VERSIONS) ? Phase.IMAGE : Phase.BOOT);
      this.keys = keys;
    }

    @Override
    public Set<DocumentKey<?>> renders() {
      return Set.copyOf(keys);
    }

    /** Writing the kubelet configuration, it says where the kubelet's files are, as core does. */
    @Override
    public Set<FactKey<?>> publishes() {
      return !record && keys.contains(Documents.KUBELET_CONFIG) ? Set.of(NodeFacts.KUBELET_FILES) : Set.of();
    }

    @Override
    public Outcome apply(StepContext context) {
      boolean any = false;
      for (DocumentKey<?> key : keys) {
        List<Contribution<?>> contributions = new ArrayList<>(context.contributions(key));
        rendered.put(key.name(), contributions);
        any |= !contributions.isEmpty();
        if (record) {
          if (RECORDED.contains(key.name()) && !contributions.isEmpty()) {
            recordDocument(context, key, contributions);
          }
        } else {
          writeNodeFile(context, key);
        }
      }
      return record && !any ? Outcome.skipped("no contributions") : Outcome.done();
    }
  }

  private static void recordDocument(StepContext context, DocumentKey<?> key, List<Contribution<?>> contributions) {
    StringBuilder text = new StringBuilder("# " + key.name() + ": contributions in step order, recorded by the"
        + " conformance kit in place of " + context.stepId() + "\n");
    for (Contribution<?> contribution : contributions) {
      text.append(contribution.stepId()).append(": ").append(json(JSON, contribution.value()).strip()).append('\n');
    }
    context.host().writeString(DOCUMENTS + "/" + key.name() + ".txt", text.toString(), 0644);
  }

  private static void writeNodeFile(StepContext context, DocumentKey<?> key) {
    if (key.equals(Documents.COMPONENT_VERSIONS)) {
      Map<String, String> versions = new TreeMap<>();
      context.contributions(Documents.COMPONENT_VERSIONS).forEach(c -> versions.putAll(c.value()));
      context.host().writeString(VersionsManifest.PATH, VersionsManifest.render(versions), 0644);
    } else if (key.equals(Documents.HOSTS_ENTRIES)) {
      writeHostsBlock(context);
    } else if (key.equals(Documents.KUBELET_CONFIG)) {
      writeKubeletConfig(context);
    } else if (key.equals(Documents.SERVICE_ENVIRONMENT)) {
      writeServiceEnvironment(context);
    }
  }

  /**
   * What {@code core/etc-hosts} does: the contributed lines (names of one address merged) in a marked
   * block at the end of {@code /etc/hosts}, replaced on every run and removed when nothing is
   * contributed; the rest of the file and its mode are kept.
   */
  private static void writeHostsBlock(StepContext context) {
    Map<String, Set<String>> entries = new LinkedHashMap<>();
    context.contributions(Documents.HOSTS_ENTRIES).forEach(c -> c.value().forEach(
        (address, names) -> entries.computeIfAbsent(address, a -> new LinkedHashSet<>()).addAll(names)));
    String current = context.host().readString("/etc/hosts").orElse("");
    if (entries.isEmpty() && !current.contains(HOSTS_BEGIN)) {
      return;
    }
    StringBuilder text = new StringBuilder();
    boolean inBlock = false;
    for (String line : current.lines().toList()) {
      if (line.equals(HOSTS_BEGIN)) {
        inBlock = true;
      } else if (line.equals(HOSTS_END)) {
        inBlock = false;
      } else if (!inBlock) {
        text.append(line).append('\n');
      }
    }
    if (!entries.isEmpty()) {
      text.append(HOSTS_BEGIN).append('\n');
      entries.forEach((address, names) -> text.append(address).append('\t').append(String.join(" ", names)).append('\n'));
      text.append(HOSTS_END).append('\n');
    }
    context.host().writeString("/etc/hosts", text.toString(), context.host().mode("/etc/hosts").orElse(0644));
  }

  /**
   * The contributions deep-merged in step order, then the configuration's {@code [kubelet.config]};
   * nothing when both are empty. Publishes where the kubelet's files are either way.
   */
  @SuppressWarnings("unchecked")
  private static void writeKubeletConfig(StepContext context) {
    Map<String, Object> user = context.config(Map.class);
    List<Contribution<Map<String, Object>>> contributions = context.contributions(Documents.KUBELET_CONFIG);
    if (!contributions.isEmpty() || !user.isEmpty()) {
      Map<String, Object> config =
          new LinkedHashMap<>(Map.of("apiVersion", "kubelet.config.k8s.io/v1beta1", "kind", "KubeletConfiguration"));
      for (Contribution<Map<String, Object>> contribution : contributions) {
        config = DeepMerge.merge(config, contribution.value());
      }
      config = DeepMerge.merge(config, user);
      context.host().writeString(KUBELET_CONFIG, json(INDENTED, config), 0644);
    }
    context.publish(NodeFacts.KUBELET_FILES,
        new KubeletFiles(KUBELET_CONFIG, Optional.empty(), "/var/lib/kubelet/kubeconfig", "/etc/kubernetes/pki/ca.crt"));
  }

  /** {@code DefaultEnvironment=} for {@code default}, a unit drop-in for each other service; root only, as core writes them. */
  private static void writeServiceEnvironment(StepContext context) {
    Map<String, Map<String, String>> environment = new TreeMap<>();
    context.contributions(Documents.SERVICE_ENVIRONMENT).forEach(c -> c.value().forEach(
        (service, variables) -> environment.computeIfAbsent(service, s -> new TreeMap<>()).putAll(variables)));
    environment.forEach((service, variables) -> {
      StringBuilder text = new StringBuilder("# Written by the conformance kit in place of core/service-environment.\n");
      if (service.equals("default")) {
        text.append("[Manager]\nDefaultEnvironment=").append(String.join(" ",
            variables.entrySet().stream().map(e -> SystemdText.defaultEnvironment(e.getKey(), e.getValue())).toList()));
        context.host().writeString(DEFAULT_ENVIRONMENT, text.append('\n').toString(), 0600);
      } else {
        text.append("[Service]\n");
        variables.forEach((name, value) -> text.append("Environment=").append(SystemdText.environment(name, value)).append('\n'));
        String unit = service.contains(".") ? service : service + ".service";
        context.host().writeString("/etc/systemd/system/" + unit + ".d/00-eksnode-environment.conf", text.toString(), 0600);
      }
    });
  }

  private static String json(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new EksnodeException("cannot render a contribution as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A step of the stand-in: its id, its phase, and nothing ordered by id. */
  private abstract static class StandInStep implements Step {
    private final String id;
    private final Phase phase;

    StandInStep(String id, Phase phase) {
      this.id = id;
      this.phase = phase;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Phase phase() {
      return phase;
    }

    @Override
    public String toString() {
      return id;
    }
  }
}
