package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.spi.API;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Plugin;
import dev.eksnode.tck.internal.CaseChecks;
import dev.eksnode.tck.internal.CaseRunner;
import dev.eksnode.tck.internal.CaseSpec;
import dev.eksnode.tck.internal.ConfigSamples;
import dev.eksnode.tck.internal.PluginUnderTest;
import dev.eksnode.tck.internal.SnapshotMode;
import dev.eksnode.tck.internal.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * The conformance kit's entry point: one JUnit dynamic test per case and rule, named {@code plugin /
 * case / rule}.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> conformance() {
 *   return PluginConformance.forPlugin(new AcmePlugin())
 *       .cases(Path.of("src/test/tck/cases"))
 *       .badConfig(Path.of("src/test/tck/bad-config"))
 *       .tests();
 * }
 * }</pre>
 *
 * <p>Every case is checked against {@link Rule#GOLDEN}, {@link Rule#IDEMPOTENT}, {@link
 * Rule#DETERMINISTIC}, {@link Rule#CONTAINED}, {@link Rule#ATOMIC} and {@link Rule#WELL_FORMED}; every
 * bad-configuration sample, and one sample the kit writes itself, against {@link Rule#CONFIG}. The case
 * format and the rules are described in {@code docs/plugin-guide.md}. Snapshots are updated instead
 * of compared when the system property {@code eksnode.tck.update} is {@code true}, which is refused
 * when the environment variable {@code CI} is set.
 */
@API(status = STABLE, since = "0.1.0")
public final class PluginConformance {

  private final Supplier<PluginUnderTest> plugin;
  private final String label;
  private Path cases;
  private Path badConfig;
  private Path baseRoots;
  private Set<Rule> rules = EnumSet.allOf(Rule.class);
  private SnapshotMode snapshotMode;

  private PluginConformance(Supplier<PluginUnderTest> plugin, String label) {
    this.plugin = plugin;
    this.label = label;
  }

  /**
   * Checks a plugin on the test class path, such as a plugin module's own. eksnode makes a fresh
   * instance per run through its public no-argument constructor.
   */
  public static PluginConformance forPlugin(Plugin plugin) {
    Objects.requireNonNull(plugin, "plugin");
    PluginUnderTest underTest = new PluginUnderTest(plugin, LoadedPlugin.BUILT_IN);
    return new PluginConformance(() -> underTest, plugin.id());
  }

  /**
   * Checks a plugin jar loaded the way eksnode loads {@code /opt/eksnode/plugins}: through PF4J, in its
   * own class loader, named by its {@code META-INF/services/dev.eksnode.spi.Plugin} entry.
   */
  public static PluginConformance forJar(Path jar) {
    Objects.requireNonNull(jar, "jar");
    String name = jar.getFileName().toString();
    return new PluginConformance(() -> loadJar(jar), name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name);
  }

  /** The directory of cases: each subdirectory is one case. */
  public PluginConformance cases(Path directory) {
    this.cases = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** The directory of bad-configuration samples ({@code *.toml}, each marking its bad lines with {@code # error:}). */
  public PluginConformance badConfig(Path directory) {
    this.badConfig = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * A directory of the plugin's own base roots, in the kit's layout ({@code <name>/tree/},
   * {@code <name>/instance.json}, optional {@code <name>/extends}); they may extend the shipped ones.
   */
  public PluginConformance baseRoots(Path directory) {
    this.baseRoots = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Checks only the given rules. Meant for the kit's own tests and for bisecting a failure; a plugin's
   * build runs them all.
   */
  public PluginConformance only(Rule first, Rule... more) {
    this.rules = EnumSet.of(first, more);
    return this;
  }

  /**
   * Compares with snapshots whatever {@code eksnode.tck.update} says: for the kit's own tests, which
   * run deliberately broken plugins against the snapshots of a good one.
   */
  PluginConformance compareOnly() {
    this.snapshotMode = SnapshotMode.of(false, java.util.Map.of());
    return this;
  }

  /** The tests: a container per case holding a test per rule, then the config samples. */
  public Stream<DynamicNode> tests() {
    PluginUnderTest underTest;
    try {
      underTest = plugin.get();
    } catch (EksnodeException e) {
      return Stream.of(dynamicTest(label + " / load / " + Rule.WELL_FORMED.label(), () -> {
        throw new AssertionError(e.getMessage(), e);
      }));
    }
    String id = underTest.id();
    BaseRoots roots = baseRoots == null ? BaseRoots.shipped() : BaseRoots.withOwn(baseRoots);
    SnapshotMode snapshotMode = this.snapshotMode != null ? this.snapshotMode : SnapshotMode.fromSystem();
    List<DynamicNode> nodes = new ArrayList<>();
    if (cases == null) {
      nodes.add(dynamicTest(id + " / cases / " + Rule.GOLDEN.label(), () -> {
        throw new AssertionError("no cases directory given: call cases(Path.of(\"src/test/tck/cases\")) and add a case");
      }));
    } else {
      List<Path> directories;
      try {
        directories = CaseSpec.list(cases);
      } catch (EksnodeException e) {
        directories = List.of();
        nodes.add(failing(id + " / cases / " + Rule.GOLDEN.label(), e));
      }
      if (directories.isEmpty() && nodes.isEmpty()) {
        nodes.add(dynamicTest(id + " / cases / " + Rule.GOLDEN.label(), () -> {
          throw new AssertionError(cases + " holds no case; add a directory per case (see docs/plugin-guide.md)");
        }));
      }
      for (Path directory : directories) {
        nodes.add(caseTests(underTest, directory, roots, snapshotMode));
      }
    }
    if (rules.contains(Rule.CONFIG)) {
      nodes.add(configTests(underTest));
    }
    return nodes.stream();
  }

  private DynamicNode caseTests(PluginUnderTest underTest, Path directory, BaseRoots roots, SnapshotMode snapshotMode) {
    String name = underTest.id() + " / " + directory.getFileName();
    CaseChecks checks;
    try {
      CaseSpec spec = CaseSpec.read(directory, roots);
      Tree start = spec.start(roots);
      checks = new CaseChecks(new CaseRunner(underTest, spec, roots), start);
    } catch (EksnodeException e) {
      return dynamicContainer(name, Stream.of(failing(name + " / case", e)));
    }
    List<DynamicTest> tests = new ArrayList<>();
    add(tests, name, Rule.GOLDEN, () -> checks.golden(snapshotMode));
    add(tests, name, Rule.IDEMPOTENT, checks::idempotent);
    add(tests, name, Rule.DETERMINISTIC, checks::deterministic);
    add(tests, name, Rule.CONTAINED, checks::contained);
    add(tests, name, Rule.ATOMIC, checks::atomic);
    add(tests, name, Rule.WELL_FORMED, checks::wellFormed);
    return dynamicContainer(name, directory.toUri(), tests.stream());
  }

  private void add(List<DynamicTest> tests, String name, Rule rule, Executable check) {
    if (rules.contains(rule)) {
      tests.add(dynamicTest(name + " / " + rule.label(), check));
    }
  }

  private DynamicNode configTests(PluginUnderTest underTest) {
    String id = underTest.id();
    String rule = " / " + Rule.CONFIG.label();
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(dynamicTest(id + " / bad-config:" + ConfigSamples.UNKNOWN_KEY_SAMPLE + rule,
        () -> ConfigSamples.checkText(underTest, ConfigSamples.UNKNOWN_KEY_SAMPLE, ConfigSamples.unknownKeySample(id))));
    tests.add(dynamicTest(id + " / bad-config:" + ConfigSamples.DOCUMENTED_KEYS + rule,
        () -> ConfigSamples.checkDocumentedKeys(underTest)));
    List<Path> samples = badConfig == null ? List.of() : ConfigSamples.list(badConfig);
    if (samples.isEmpty()) {
      tests.add(dynamicTest(id + " / bad-config" + rule, () -> {
        throw new AssertionError("no bad-configuration samples" + (badConfig == null ? " directory given" : " in " + badConfig)
            + ": add a few *.toml files with values the plugin must reject, marking each bad line with"
            + " '# error: <part of the message>', and pass the directory to badConfig(...)");
      }));
    }
    for (Path sample : samples) {
      String name = sample.getFileName().toString().replaceFirst("\\.toml$", "");
      tests.add(dynamicTest(id + " / bad-config:" + name + rule, sample.toUri(), () -> ConfigSamples.check(underTest, sample)));
    }
    java.net.URI source = (badConfig != null ? badConfig : cases != null ? cases : Path.of("")).toUri();
    return dynamicContainer(id + " / bad-config", source, tests.stream());
  }

  private static DynamicTest failing(String name, EksnodeException e) {
    return dynamicTest(name, () -> {
      throw new AssertionError(e.getMessage(), e);
    });
  }

  /** Loads a jar as eksnode would, from a directory holding a copy of it alone. */
  private static PluginUnderTest loadJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new EksnodeException("plugin jar " + jar.toAbsolutePath() + " does not exist; build it first (mvn package)");
    }
    Path copy;
    try {
      Path directory = Files.createTempDirectory("eksnode-tck-plugins-");
      directory.toFile().deleteOnExit();
      copy = Files.copy(jar, directory.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      copy.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new EksnodeException("cannot copy " + jar + ": " + e.getMessage(), e);
    }
    PluginSet set = Kernel.discover(copy.getParent());
    List<LoadedPlugin> fromJar = set.plugins().stream().filter(p -> p.source().equals(copy.toString())).toList();
    List<String> problems = set.problems().stream().map(GraphProblem::message).collect(Collectors.toList());
    if (fromJar.size() != 1 || !problems.isEmpty()) {
      throw new EksnodeException("plugin jar " + jar + " did not load as one plugin"
          + (fromJar.isEmpty() ? "" : " (found " + fromJar.stream().map(LoadedPlugin::id).toList() + ")")
          + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems)));
    }
    return new PluginUnderTest(fromJar.getFirst().plugin(), copy.toString());
  }
}
