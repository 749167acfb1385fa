package dev.eksnode.tck.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksnode.kernel.ChangeObserver;
import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.RunRequest;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.StandInCore;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one case's phases over a fresh copy of a starting tree, the way {@code eksnode image build} and
 * {@code eksnode bootstrap --root} would: each phase prepared by {@link Kernel#prepare}, the command
 * line's own preparation, from the default sources (the image configuration in the root, the preset it
 * selects, user data from the metadata emulator when an installed plugin reads it, the root's local
 * drop-ins) and the case's {@code config.toml} last, as {@code --config} would be; a metadata emulator
 * serving the case's instance, an EC2 emulator serving the case's fixture, a fixed clock, and the plugin
 * under test beside the plugins the case installs (given as they are, so none is left dormant).
 *
 * <p>Each run happens in a new temporary directory holding the root and a sentinel sibling, which is
 * deleted afterwards.
 */
public final class CaseRunner {

  /** The run reports' directory, relative to the root: never part of a compared tree. */
  public static final String REPORTS = Kernel.REPORT_DIRECTORY.substring(1);

  /** The instant every run's clock is fixed at. */
  public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static final String SENTINEL = "outside/sentinel.txt";

  private final PluginUnderTest underTest;
  private final CaseSpec spec;
  private final String instanceJson;

  public CaseRunner(PluginUnderTest underTest, CaseSpec spec, BaseRoots roots) {
    this.underTest = underTest;
    this.spec = spec;
    this.instanceJson = withUserData(spec.instanceJson(roots), spec.file(CaseSpec.USER_DATA));
  }

  public CaseSpec spec() {
    return spec;
  }

  public PluginUnderTest underTest() {
    return underTest;
  }

  /** Whether {@code path} (relative to the root) is a run report, which no comparison includes. */
  public static boolean isReport(String path) {
    return path.equals(REPORTS) || path.startsWith(REPORTS + "/");
  }

  /**
   * How a run is watched. Every run has the network trapped; only a watched run reports what it caught.
   *
   * @param observer sees each change before it is made
   * @param network whether the result reports connections attempted
   * @param machine whether the result reports changes to the real filesystem under the owned paths
   */
  public record Watch(ChangeObserver observer, boolean network, boolean machine) {
    public static Watch plain() {
      return new Watch(ChangeObserver.NONE, false, false);
    }
  }

  /** The case could not run at all: configuration rejected, steps that cannot be ordered. */
  public static final class CaseException extends EksnodeException {
    private static final long serialVersionUID = 1L;

    CaseException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * One phase's run.
   *
   * @param phase the phase
   * @param report its report
   */
  public record PhaseRun(Phase phase, RunReport report) {}

  /**
   * What a run left and did.
   *
   * @param tree the root afterwards, without the run reports
   * @param phases each phase run, in order (fewer than the case's phases after a simulated crash)
   * @param plugins the plugins of the run, with the problems the kernel found in them
   * @param owned for each plugin id, the paths it owns
   * @param network connections attempted to anything but loopback (when watched)
   * @param machine real paths changed under the plugins' owned prefixes (when watched)
   * @param outside entries beside the root that changed
   * @param awsCalls EC2 API requests by action, e.g. {@code ec2 DescribeInstanceTypes -> 1}; sorted
   * @param orderings each phase's ordering problems, when the case has any
   */
  public record Result(
      Tree tree,
      List<PhaseRun> phases,
      PluginSet plugins,
      Map<String, List<String>> owned,
      List<String> network,
      List<String> machine,
      List<String> outside,
      Map<String, Integer> awsCalls) {

    /** Every step record, with its phase. */
    public List<Map.Entry<Phase, StepRecord>> records() {
      List<Map.Entry<Phase, StepRecord>> records = new ArrayList<>();
      phases.forEach(run -> run.report().steps().forEach(record -> records.add(Map.entry(run.phase(), record))));
      return records;
    }

    /** Commands and service actions, one line each: {@code <phase> <step-id>: <action>}. */
    public List<String> actions() {
      List<String> lines = new ArrayList<>();
      records().forEach(entry -> entry.getValue().actions().forEach(action ->
          lines.add(phaseName(entry.getKey()) + " " + entry.getValue().id() + ": " + action)));
      return lines;
    }

    /** {@link #actions()} as the text of {@code expected-actions.txt}. */
    public String actionsText() {
      return actions().stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    /** {@link #awsCalls()} as the text of {@code expected-aws-calls.txt}: {@code ec2 <Action> <count>} per line. */
    public String awsCallsText() {
      return awsCalls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "\n").collect(Collectors.joining());
    }
  }

  public static String phaseName(Phase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Runs the case's phases over a fresh copy of {@code start}.
   *
   * @throws CaseException when the configuration is rejected or a phase's steps cannot be ordered
   */
  public Result run(Tree start, Watch watch) {
    Path work;
    try {
      work = Files.createTempDirectory("eksnode-tck-" + spec.name() + "-");
    } catch (IOException e) {
      throw new EksnodeException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      return run(start, watch, work);
    } finally {
      Tree.deleteTree(work);
    }
  }

  private Result run(Tree start, Watch watch, Path work) {
    Path root = work.resolve("root");
    start.materialize(root);
    Tree outsideBefore = sentinel(work);

    List<LoadedPlugin> loaded = lineup();
    PluginSet plugins = Kernel.of(loaded);
    Map<String, List<String>> owned = new TreeMap<>();
    loaded.forEach(p -> owned.put(p.id(), List.copyOf(p.plugin().ownedPaths())));

    List<PhaseRun> runs = new ArrayList<>();
    List<String> network = List.of();
    List<String> machine = List.of();
    Map<String, Integer> awsCalls = new TreeMap<>();
    MachineWatch machineWatch =
        watch.machine() ? MachineWatch.start(owned.values().stream().flatMap(List::stream).toList()) : null;
    try (MetadataEmulator emulator = startMetadata();
        Ec2Emulator ec2 = startEc2();
        NetworkTrap trap = NetworkTrap.install()) {
      Map<String, String> environment = new LinkedHashMap<>(emulator.environment());
      environment.putAll(ec2.environment());
      // No EKS emulator yet: the metadata emulator answers, so a call fails on loopback, not on the network.
      environment.put("AWS_ENDPOINT_URL_EKS", emulator.endpoint().toString());
      for (Phase phase : spec.phases()) {
        Preparation.Ready ready = prepare(loaded, root, environment, phase);
        RunOptions options = new RunOptions(root, false, environment, Clock.fixed(NOW, ZoneOffset.UTC), watch.observer());
        runs.add(new PhaseRun(phase, Kernel.run(ready, options, RunListener.NONE)));
        if (watch.observer() instanceof FaultInjector injector && injector.crashed()) {
          break;
        }
      }
      if (watch.network()) {
        network = trap.attempts();
      }
      ec2.requests().forEach((action, count) -> awsCalls.put("ec2 " + action, count));
    }
    if (machineWatch != null) {
      machine = machineWatch.changes();
    }
    Tree tree = Tree.capture(root, CaseRunner::isReport);
    List<String> outside = TreeDiff.describe(outsideBefore, sentinel(work), "before the run", "after the run");
    return new Result(tree, runs, plugins, owned, network, machine, outside, awsCalls);
  }

  private MetadataEmulator startMetadata() {
    try {
      return MetadataEmulator.start(instanceJson);
    } catch (IOException e) {
      throw new EksnodeException("cannot start the metadata emulator for " + spec.directory() + ": " + e.getMessage(), e);
    }
  }

  private Ec2Emulator startEc2() {
    try {
      return Ec2Emulator.start(spec.ec2Json());
    } catch (IOException e) {
      throw new EksnodeException("cannot start the EC2 emulator with " + spec.file(CaseSpec.EC2).map(Path::toString)
          .orElse("an empty fixture") + ": " + e.getMessage(), e);
    }
  }

  /** Everything in the work directory but the root: the sentinel, and anything a run put beside it. */
  private static Tree sentinel(Path work) {
    Path sentinel = work.resolve(SENTINEL);
    if (!Files.exists(sentinel)) {
      try {
        Files.createDirectories(sentinel.getParent());
        Files.writeString(sentinel, "Nothing a run does may change this file or add anything beside the root.\n");
      } catch (IOException e) {
        throw new EksnodeException("cannot write " + sentinel + ": " + e.getMessage(), e);
      }
    }
    return Tree.capture(work, path -> path.equals("root") || path.startsWith("root/"));
  }

  /**
   * Prepares a phase through {@link Kernel#prepare}, as {@code eksnode bootstrap --root} (or {@code image
   * build}) does with {@code --config config.toml}: the default sources (user data included, since the
   * environment names the metadata emulator), the preset the configuration selects, the checks of
   * embedded configurations, then {@code config.toml}; every problem reported together.
   *
   * @throws CaseException when the plugins, the configuration or the step graph are refused
   */
  private Preparation.Ready prepare(List<LoadedPlugin> plugins, Path root, Map<String, String> environment, Phase phase) {
    RunRequest request = RunRequest.of(phase, root)
        .withPlugins(plugins)
        .withEnvironment(environment)
        .withConfigFiles(spec.file(CaseSpec.CONFIG).stream().toList());
    return switch (Kernel.prepare(request)) {
      case Preparation.Ready ready -> ready;
      case Preparation.Refused refused when !refused.pluginProblems().isEmpty() -> throw new CaseException(
          "the plugins or the " + phaseName(phase) + " phase's steps are refused:\n  "
              + refused.pluginProblems().stream().map(GraphProblem::message).collect(Collectors.joining("\n  ")), null);
      case Preparation.Refused refused -> {
        ConfigException rejected = new ConfigException(refused.configErrors());
        throw new CaseException("the configuration was rejected before the " + phaseName(phase) + " phase: "
            + rejected.getMessage().replace(root.toString(), "<root>"), rejected);
      }
    };
  }

  /** The plugins of one run: the plugin under test, the case's plugins, and the stand-in core when core is absent. */
  private List<LoadedPlugin> lineup() {
    List<LoadedPlugin> loaded = new ArrayList<>();
    loaded.add(new LoadedPlugin(underTest.fresh(), underTest.source()));
    for (String id : spec.plugins()) {
      if (id.equals(underTest.id())) {
        throw new CaseException("case " + spec.directory() + ": case.toml lists the plugin under test ('" + id
            + "') in plugins; list only the plugins installed beside it", null);
      }
      Plugin plugin = onClassPath(id).orElseThrow(() -> new CaseException(
          "case " + spec.directory() + " installs plugin '" + id + "', which is not on the test class path"
              + (id.equals("core") ? "; add dev.eksnode:eksnode-plugin-core as a test dependency" : ""), null));
      loaded.add(new LoadedPlugin(plugin, LoadedPlugin.BUILT_IN));
    }
    if (loaded.stream().noneMatch(p -> p.id().equals("core"))) {
      loaded.add(new LoadedPlugin(StandInCore.recordingDocuments(), StandInCore.SOURCE));
    }
    return loaded;
  }

  private static Optional<Plugin> onClassPath(String id) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (Stream<ServiceLoader.Provider<Plugin>> providers =
        ServiceLoader.load(Plugin.class, loader == null ? CaseRunner.class.getClassLoader() : loader).stream()) {
      return providers.map(ServiceLoader.Provider::get).filter(p -> id.equals(p.id())).findFirst();
    }
  }

  private static String withUserData(String instanceJson, Optional<Path> userData) {
    if (userData.isEmpty()) {
      return instanceJson;
    }
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode description = (ObjectNode) json.readTree(instanceJson);
      description.put(MetadataEmulator.USER_DATA_BASE64, Base64.getEncoder().encodeToString(Files.readAllBytes(userData.get())));
      return json.writeValueAsString(description);
    } catch (IOException | ClassCastException e) {
      throw new EksnodeException("cannot add " + userData.get() + " to the instance description: " + e.getMessage(), e);
    }
  }
}
