package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.RunRequest;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs one phase of a plugin through the real kernel over a directory root, beside a stand-in
 * {@code core} plugin, for unit tests that look at one behaviour: a step's outcome, its contributions
 * to the shared documents, the commands it ran. The run is prepared as {@code eksnode bootstrap --root
 * <root> --config test.toml} prepares it ({@link dev.eksnode.kernel.Kernel#prepare}): the root's image
 * configuration and drop-ins are read if it has them, then {@link #config}.
 *
 * <pre>{@code
 * var run = new PluginHarness(root, new AcmePlugin())
 *     .config("[plugins.acme]\nenabled = true\n")
 *     .instanceType("g5.xlarge")
 *     .pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200")
 *     .run(Phase.BOOT);
 * run.expect("acme/labels", "applied");
 * assertEquals("true", run.labels().get("acme.example.com/present"));
 * }</pre>
 *
 * <p>The stand-in core is {@link StandInCore#writingNodeFiles()}: it publishes the node facts the real
 * one would ({@link NodeFacts#KUBELET_VERSION} from {@code core/kubelet-version}, {@link
 * NodeFacts#INSTANCE} from {@code core/instance-data} unless {@link #noInstance} removed that step, and
 * {@link NodeFacts#CLUSTER} from {@code core/cluster} when {@link #cluster} gave one), renders every
 * document, keeping the contributions it sees for {@link Run#contributions}, and writes the files a
 * plugin reads back in the shape core writes them: the versions manifest at image build, and at boot
 * the marked block of {@code /etc/hosts} between {@link #HOSTS_BEGIN} and {@link #HOSTS_END}, the
 * kubelet configuration (with the configuration's {@code [kubelet.config]}) and the service
 * environment. A last step, {@value #FACTS_STEP}, reads the {@link NodeFacts} published for {@link
 * Run#fact}.
 *
 * <p>This is not the conformance kit: {@link PluginConformance} runs snapshot cases with the real core
 * plugin or its recording stand-in and checks the rules; use this for what a case cannot say cheaply.
 * Runs use a fixed clock and no environment. Not thread-safe; one harness per test.
 */
@API(status = STABLE, since = "0.1.0")
public final class PluginHarness {

  /** The clock every run reads: 2026-01-01T00:00:00Z. */
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** The kubelet version {@code core/kubelet-version} publishes unless {@link #kubelet} says otherwise. */
  public static final KubeletVersion DEFAULT_KUBELET = new KubeletVersion(1, 31, 2);

  /** The instance type of the instance {@code core/instance-data} publishes unless told otherwise. */
  public static final String DEFAULT_INSTANCE_TYPE = "g5.xlarge";

  /** The line that opens the block {@code core/etc-hosts} owns in {@code /etc/hosts}. */
  public static final String HOSTS_BEGIN = StandInCore.HOSTS_BEGIN;

  /** The line that closes the block {@code core/etc-hosts} owns in {@code /etc/hosts}. */
  public static final String HOSTS_END = StandInCore.HOSTS_END;

  /** The stand-in core's last step, which reads the facts the run published for {@link Run#fact}. */
  public static final String FACTS_STEP = StandInCore.FACTS_STEP;

  private final Path root;
  private final List<Plugin> plugins;
  private String config = "";
  private KubeletVersion kubelet = DEFAULT_KUBELET;
  private InstanceInfo instance = instance(DEFAULT_INSTANCE_TYPE);
  private ClusterInfo cluster;

  /**
   * A harness for {@code plugins} (the plugin under test, and any that read what it publishes) over
   * {@code root}, a directory standing for {@code /}.
   */
  public PluginHarness(Path root, Plugin... plugins) {
    this.root = Objects.requireNonNull(root, "root");
    this.plugins = List.of(plugins);
  }

  /** The configuration, as TOML; empty by default, so a plugin other than core is not enabled. */
  public PluginHarness config(String toml) {
    this.config = Objects.requireNonNull(toml, "toml");
    return this;
  }

  /** The kubelet version published, as {@code kubelet --version} prints it or bare ({@code 1.28.5}). */
  public PluginHarness kubelet(String version) {
    this.kubelet = KubeletVersion.find(version).orElseThrow(() -> new IllegalArgumentException("not a kubelet version: " + version));
    return this;
  }

  /** Publishes {@link #instance(String)} of this type as the instance. */
  public PluginHarness instanceType(String type) {
    return instance(instance(type));
  }

  /** The instance published by {@code core/instance-data}. */
  public PluginHarness instance(InstanceInfo instance) {
    this.instance = Objects.requireNonNull(instance, "instance");
    return this;
  }

  /**
   * Leaves {@code core/instance-data} out, so no instance is published: for a step that must cope
   * without the core facts. A step that reads {@link NodeFacts#INSTANCE} (not if present) then cannot be
   * ordered.
   */
  public PluginHarness noInstance() {
    this.instance = null;
    return this;
  }

  /** The cluster published by {@code core/cluster}; none by default, and then the step is absent. */
  public PluginHarness cluster(ClusterInfo cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    return this;
  }

  /**
   * An instance of {@code type} in us-west-2a: {@code i-0123456789abcdef0}, 10.0.1.23 in VPC
   * 10.0.0.0/16, named {@code ip-10-0-1-23.us-west-2.compute.internal}, not on an Outpost.
   */
  public static InstanceInfo instance(String type) {
    return new InstanceInfo(
        "i-0123456789abcdef0", type, "us-west-2", "us-west-2a", "10.0.1.23", Optional.empty(), "0a:00:00:00:00:01",
        "ip-10-0-1-23.us-west-2.compute.internal", "amazonaws.com", List.of("10.0.0.0/16"), List.of(), Optional.empty(), Map.of());
  }

  /**
   * A cluster named {@code demo} at {@code apiServerEndpoint} with the service CIDR {@code serviceCidr},
   * whose IP family and cluster DNS IP follow from the CIDR as in EKS: the network address with the
   * last IPv4 octet set to 10 ({@code 10.100.0.0/16 -> 10.100.0.10}) or the last IPv6 group set to
   * {@code a} ({@code fd12:3456:789a::/108 -> fd12:3456:789a::a}); not an Outpost local cluster.
   */
  public static ClusterInfo cluster(String apiServerEndpoint, String serviceCidr) {
    return cluster(apiServerEndpoint, serviceCidr, Optional.empty());
  }

  /** {@link #cluster(String, String)}, an Outpost local cluster when {@code outpostClusterId} is present. */
  public static ClusterInfo cluster(String apiServerEndpoint, String serviceCidr, Optional<String> outpostClusterId) {
    int slash = serviceCidr.indexOf('/');
    byte[] address;
    try {
      if (slash < 0 || !serviceCidr.substring(0, slash).matches("[0-9A-Fa-f:.]+")) {
        throw new UnknownHostException(serviceCidr);
      }
      address = InetAddress.getByName(serviceCidr.substring(0, slash)).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a service CIDR: " + serviceCidr, e);
    }
    int prefix = serviceCidr.substring(slash + 1).matches("\\d{1,3}") ? Integer.parseInt(serviceCidr.substring(slash + 1)) : -1;
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException("not a service CIDR: " + serviceCidr + " (bad prefix length)");
    }
    for (int bit = prefix; bit < address.length * 8; bit++) {
      address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    // The network address with its last group (IPv6) or octet (IPv4) set to 10, i.e. "a" or ".10".
    boolean ipv6 = address.length == 16;
    if (ipv6) {
      address[14] = 0;
    }
    address[address.length - 1] = 10;
    String dns = ipv6 ? ipv6Text(address)
        : (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    return new ClusterInfo("demo", URI.create(apiServerEndpoint), serviceCidr, dns, ipv6 ? "ipv6" : "ipv4", outpostClusterId);
  }

  /** An IPv6 address as RFC 5952 writes it: lower case, the longest run of two or more zero groups as {@code ::}. */
  private static String ipv6Text(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int length = 0;
      while (i + length < 8 && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = i;
        bestLength = length;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
      } else {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
    }
    return text.toString();
  }

  /** Writes a file under the root (an absolute node path), creating its parents; executable or not. */
  public PluginHarness file(String path, String content, boolean executable) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute node path: " + path);
    }
    Path file = root.resolve(path.substring(1));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    if (!file.toFile().setExecutable(executable)) {
      throw new IllegalStateException("cannot change the mode of " + file);
    }
    return this;
  }

  /** Writes a file under the root that is not executable. */
  public PluginHarness file(String path, String content) {
    return file(path, content, false);
  }

  /**
   * A PCI function under {@code /sys/bus/pci/devices/<address>}: its {@code vendor}, {@code device}
   * and {@code class} files, e.g. {@code pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200")}.
   */
  public PluginHarness pci(String address, String vendor, String device, String pciClass) {
    String base = "/sys/bus/pci/devices/" + address;
    return file(base + "/vendor", vendor + "\n").file(base + "/device", device + "\n").file(base + "/class", pciClass + "\n");
  }

  /**
   * Prepares the phase through {@link Kernel#prepare}, as {@code eksnode bootstrap --root} (or {@code
   * image build}) prepares it with the configuration as its last source, and runs it.
   *
   * @throws AssertionError when the plugins do not load, the configuration has an error, or the steps
   *     cannot be ordered, naming what is wrong
   */
  public Run run(Phase phase) {
    StandInCore core = StandInCore.writingNodeFiles().publishing(NodeFacts.KUBELET_VERSION, kubelet);
    if (instance != null) {
      core.publishing(NodeFacts.INSTANCE, instance);
    }
    if (cluster != null) {
      core.publishing(NodeFacts.CLUSTER, cluster);
    }
    Preparation.Ready ready = switch (Kernel.prepare(request(core, phase))) {
      case Preparation.Ready prepared -> prepared;
      case Preparation.Refused refused when !refused.pluginProblems().isEmpty() -> throw new AssertionError(
          "the plugins do not load or the " + phase + " steps cannot be ordered:\n  " + messages(refused));
      case Preparation.Refused refused -> throw new AssertionError("the configuration is refused:\n  "
          + refused.configProblems().stream().map(Object::toString).collect(Collectors.joining("\n  ")),
          new ConfigException(refused.configProblems()));
    };
    RunReport report = Kernel.run(ready, new RunOptions(root, false, Map.of(), CLOCK), RunListener.NONE);
    return new Run(report, core.rendered(), core.facts());
  }

  /**
   * Prepares a run with the configuration, which must be refused, and returns the refusal, for a test of
   * what the plugin's configuration reports: every problem, with its key and source ({@code test.toml}).
   *
   * @throws AssertionError when the plugins do not load or the configuration is accepted (a graph that
   *     cannot be ordered does not matter here)
   */
  public ConfigException refusal() {
    Preparation preparation = Kernel.prepare(request(StandInCore.writingNodeFiles(), Phase.BOOT));
    if (preparation instanceof Preparation.Refused refused && !refused.configErrors().isEmpty()) {
      return new ConfigException(refused.configProblems());
    }
    String also = preparation instanceof Preparation.Refused refused
        ? "\nthe plugins do not load or the steps cannot be ordered:\n  " + messages(refused) : "";
    throw new AssertionError("the configuration is accepted, expected it refused:\n" + config + also);
  }

  /**
   * The request {@code eksnode bootstrap --root <root> --config test.toml} would make, with the stand-in
   * core beside the plugins under test, no environment, and the configuration read last as {@code test.toml}.
   */
  private RunRequest request(StandInCore core, Phase phase) {
    List<LoadedPlugin> loaded = new ArrayList<>();
    loaded.add(new LoadedPlugin(core, StandInCore.SOURCE));
    plugins.forEach(plugin -> loaded.add(new LoadedPlugin(plugin, LoadedPlugin.BUILT_IN)));
    return RunRequest.of(phase, root)
        .withPlugins(loaded)
        .withOverrides(List.<ConfigSource>of(new ConfigSource.Bytes("test.toml", config.getBytes(StandardCharsets.UTF_8))));
  }

  private static String messages(Preparation.Refused refused) {
    return refused.pluginProblems().stream().map(GraphProblem::message).collect(Collectors.joining("\n  "));
  }

  /**
   * What a run did.
   *
   * @param report the kernel's run report
   * @param documents each shared document's contributions, by document name, as its renderer saw them;
   *     absent when the renderer did not run in the phase
   * @param facts the {@link NodeFacts} published when every other step had run, by fact name
   */
  public record Run(RunReport report, Map<String, List<Contribution<?>>> documents, Map<String, Object> facts) {

    /** A fact of {@link NodeFacts} as published when the run ended; empty when none was. */
    public <T> Optional<T> fact(FactKey<T> key) {
      if (StandInCore.FACTS.stream().noneMatch(k -> k.name().equals(key.name()))) {
        throw new IllegalArgumentException("the harness keeps the facts of NodeFacts, not " + key.name());
      }
      return Optional.ofNullable(facts.get(key.name())).map(key.type()::cast);
    }

    /**
     * A step's record.
     *
     * @throws AssertionError when the step is not in the run
     */
    public StepRecord step(String id) {
      return report.steps().stream().filter(s -> s.id().equals(id)).findFirst()
          .orElseThrow(() -> new AssertionError("no step " + id + " in " + report.steps().stream().map(StepRecord::id).toList()));
    }

    /** Asserts the step ended with {@code outcome} ({@code applied}, {@code skipped}, ...) and returns its record. */
    public StepRecord expect(String id, String outcome) {
      StepRecord record = step(id);
      if (!record.outcome().equals(outcome)) {
        fail(id + " was " + record.outcome() + " (" + record.detail() + "), expected " + outcome);
      }
      return record;
    }

    /** The values contributed to a document, in step order. */
    @SuppressWarnings("unchecked")
    public <T> List<T> contributions(DocumentKey<T> key) {
      return documents.getOrDefault(key.name(), List.of()).stream().map(c -> (T) c.value()).toList();
    }

    /** Every node label contributed, merged as the renderer merges them (a later key wins), sorted. */
    public Map<String, String> labels() {
      Map<String, String> labels = new TreeMap<>();
      contributions(Documents.NODE_LABELS).forEach(labels::putAll);
      return labels;
    }

    /** Every command and service action of the run, in step order, as the report words them. */
    public List<String> actions() {
      return report.steps().stream().flatMap(s -> s.actions().stream()).toList();
    }

    /** Asserts the run ran no command and touched no service. */
    public void assertNoActions() {
      assertEquals(List.of(), actions());
    }

    /** Every change to the root, one per line, in step order. */
    public String changes() {
      return report.steps().stream().flatMap(s -> s.changes().stream()).collect(Collectors.joining("\n"));
    }
  }
}
