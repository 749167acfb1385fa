package dev.eksnode.kernel;

import dev.eksnode.kernel.internal.PluginActivity;
import static dev.eksnode.spi.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.kernel.config.Redaction;
import dev.eksnode.kernel.config.SectionView;
import dev.eksnode.kernel.internal.DormantPlugin;
import dev.eksnode.kernel.internal.FileHost;
import dev.eksnode.kernel.internal.Pf4jJars;
import dev.eksnode.kernel.internal.ReportJson;
import dev.eksnode.kernel.internal.RunPreparation;
import dev.eksnode.kernel.internal.RunState;
import dev.eksnode.kernel.internal.StepHost;
import dev.eksnode.kernel.internal.StepScope;
import dev.eksnode.kernel.internal.config.Suggestions;
import dev.eksnode.spi.API;
import dev.eksnode.spi.Binding;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigFormat;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.ConfigSourceProvider;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import dev.eksnode.kernel.config.Failures;
import java.util.regex.Pattern;
import org.pf4j.DefaultVersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's verbs: {@link #prepare} a run (discover the plugins, read and bind their configuration,
 * order the phase's steps) and {@link #run} it. Each reports every problem it finds at once. The steps
 * of preparing ({@link #discover}, {@link #wake}, {@link #bind}, {@link #order}) stay public for commands
 * that need one of them alone (listing plugins, the schema) and for tests.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Kernel {

  /** This kernel's version; plugins state which versions they accept. */
  public static final String VERSION = "0.1.0";

  /** Where run reports are written, under the root. */
  public static final String REPORT_DIRECTORY = "/var/lib/eksnode/reports";

  /**
   * The key of the keyed digests the reports give files that are not world-readable (see {@link
   * ManagedFile}): 32 random bytes as hex, mode 0600, made by the first run that needs it.
   */
  public static final String REPORT_KEY = REPORT_DIRECTORY + "/digest.key";

  /** The default third-party plugins directory. */
  public static final Path DEFAULT_PLUGINS_DIRECTORY = Path.of("/opt/eksnode/plugins");

  private static final Logger LOGGER = LoggerFactory.getLogger(Kernel.class);
  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern STEP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private Kernel() {}

  /**
   * The threads running plugin code now (loading a jar, binding, applying a step), virtual threads
   * included: where the CLI's shutdown hook looks for the thread that ended the process.
   */
  public static List<Thread> pluginThreads() {
    return PluginActivity.threads();
  }

  /**
   * Called by the CLI's shutdown hook when code on {@code culprit} ends the process unasked ({@code
   * System.exit} by reflection, from a plugin): names the plugin code that thread was running and, when
   * a run is in progress, writes its report as failed, the culprit's step with the reason.
   *
   * @param culprit the thread that ended the process, when known
   * @param call how the process was being ended, e.g. {@code System.exit}
   * @return one line for the user
   */
  public static String endedByPlugin(Optional<Thread> culprit, String call) {
    Optional<PluginActivity> activity = culprit.flatMap(PluginActivity::of);
    String reason = "tried to end the eksnode process (" + call + "); a plugin may not";
    Optional<String> report = ActiveRun.abort(activity.flatMap(PluginActivity::step), reason);
    return activity.map(PluginActivity::what).orElse("plugin code" + culprit.map(t -> " (on thread " + t.getName() + ")").orElse(""))
        + " " + reason + report.map(path -> "; the run is failed, report " + path).orElse("");
  }

  /** The report path of a phase, under the root. */
  public static String reportPath(Phase phase) {
    return REPORT_DIRECTORY + "/" + phase.name().toLowerCase(Locale.ROOT) + ".json";
  }

  /**
   * Prepares a run: discovers the plugins, reads the configuration, wakes the dormant jars it enables,
   * selects the presets it names, binds it, checks the embedded configurations, warns about pins set
   * outside the image configuration and orders the phase's steps, in that order. This is the one way a
   * run is prepared: the command line and the conformance kit both call it.
   *
   * @return {@link Preparation.Ready} for {@link #run(Preparation.Ready, RunOptions, RunListener)}, or
   *     {@link Preparation.Refused} with every plugin problem or every configuration problem
   * @throws EksnodeException when a configuration source is there but does not answer (instance
   *     metadata down): a failure of the environment, not of the input
   */
  public static Preparation prepare(RunRequest request) {
    return RunPreparation.prepare(request);
  }

  /** Finds built-in plugins (module path or class path) and the jars in {@code pluginsDirectory}, unpinned. */
  public static PluginSet discover(Path pluginsDirectory) {
    return discover(pluginsDirectory, PluginPins.NONE);
  }

  /**
   * Finds built-in plugins and loads every jar in {@code pluginsDirectory} that passes its owner and
   * mode checks and {@code pins}: what commands that show every plugin (its steps, keys, commands) need.
   */
  public static PluginSet discover(Path pluginsDirectory, PluginPins pins) {
    return discover(pluginsDirectory, pins, false);
  }

  /**
   * {@link #discover(Path, PluginPins)} for a run: a jar whose manifest names its plugin id and default
   * ({@code Plugin-Id}, {@code Eksnode-Enabled-By-Default}) is checked but not loaded; it stands in the
   * set without steps until {@link #wake} loads it because the configuration enables it.
   */
  public static PluginSet discoverForRun(Path pluginsDirectory, PluginPins pins) {
    return discover(pluginsDirectory, pins, true);
  }

  private static PluginSet discover(Path pluginsDirectory, PluginPins pins, boolean leaveDormant) {
    List<LoadedPlugin> found = new ArrayList<>();
    List<GraphProblem> problems = new ArrayList<>();
    try {
      for (Plugin plugin : ServiceLoader.load(Plugin.class, Kernel.class.getClassLoader())) {
        found.add(new LoadedPlugin(plugin, LoadedPlugin.BUILT_IN));
      }
    } catch (ServiceConfigurationError e) {
      problems.add(new GraphProblem.BrokenJar("built-in plugins", Failures.describe(e)));
    }
    Pf4jJars.Result jars = Pf4jJars.load(pluginsDirectory, pins, leaveDormant);
    found.addAll(jars.plugins());
    problems.addAll(jars.problems());
    PluginSet set = check(found, problems);
    LOGGER.info(
        "loaded {} plugins: {}",
        set.plugins().size(),
        set.plugins().stream().map(p -> p.id() + " " + p.plugin().version() + (p.dormant() ? " (not loaded)" : "")).toList());
    return set;
  }

  /**
   * The {@code [plugin-pins]} entries for the jars in {@code pluginsDirectory} as they are now: key
   * (the manifest's {@code Plugin-Id}, else the file name without .jar) to lower-case hex SHA-256. Loads
   * no plugin class.
   */
  public static Map<String, String> pinsOf(Path pluginsDirectory) {
    if (!java.nio.file.Files.isDirectory(pluginsDirectory)) {
      return Map.of();
    }
    return Pf4jJars.pins(pluginsDirectory);
  }

  /**
   * Loads the dormant plugins ({@link #discoverForRun}) that {@code config} may need: those it enables
   * ({@code plugins.<id>.enabled}, else the manifest's default), those whose {@code [plugins.<id>]}
   * holds more than {@code enabled} (the plugin binds and checks it), and all of them when {@code
   * config} has a top-level section no loaded plugin claims (a dormant plugin may own it). The others
   * stay dormant: none of their classes is ever loaded.
   *
   * @return {@code plugins} itself when nothing was woken; else the new set, with the problems of
   *     loading the woken jars
   */
  public static PluginSet wake(PluginSet plugins, ConfigNode.Table config) {
    List<DormantPlugin> dormant = new ArrayList<>();
    Set<String> claimed = new TreeSet<>(Set.of("plugins", PluginPins.SECTION));
    for (LoadedPlugin loaded : plugins.plugins()) {
      if (loaded.plugin() instanceof DormantPlugin sleeper) {
        dormant.add(sleeper);
      } else {
        loaded.plugin().configSections().forEach(section -> claimed.add(section.split("\\.", 2)[0]));
      }
    }
    if (dormant.isEmpty()) {
      return plugins;
    }
    boolean unclaimed = !claimed.containsAll(config.entries().keySet());
    Map<String, ConfigNode> sections =
        config.entries().get("plugins") instanceof ConfigNode.Table table ? table.entries() : Map.of();
    List<DormantPlugin> needed = new ArrayList<>();
    for (DormantPlugin sleeper : dormant) {
      ConfigNode own = sections.get(sleeper.id());
      boolean enabled = sleeper.enabledByDefault();
      boolean moreThanEnabled = own != null && !(own instanceof ConfigNode.Table);
      if (own instanceof ConfigNode.Table table) {
        if (table.entries().get("enabled") instanceof ConfigNode.Leaf leaf && leaf.value() instanceof Boolean on) {
          enabled = on;
        }
        moreThanEnabled = !Set.of("enabled").containsAll(table.entries().keySet());
      }
      if (unclaimed || enabled || moreThanEnabled) {
        needed.add(sleeper);
      }
    }
    if (needed.isEmpty()) {
      return plugins;
    }
    Pf4jJars.Result woken = Pf4jJars.wake(needed);
    LOGGER.info("loaded {} of {} dormant plugin jars: {}", woken.plugins().size(), dormant.size(),
        woken.plugins().stream().map(p -> p.id() + " " + p.plugin().version()).toList());
    List<LoadedPlugin> all = new ArrayList<>();
    plugins.plugins().stream().filter(p -> !needed.contains(p.plugin())).forEach(all::add);
    all.addAll(woken.plugins());
    PluginSet checked = check(all, woken.problems());
    List<GraphProblem> problems = new ArrayList<>(plugins.problems());
    problems.addAll(checked.problems());
    return new PluginSet(checked.plugins(), problems);
  }

  /**
   * Whether plugins loaded by {@link #wake} bring configuration formats, sources, append keys or keys
   * with defaults, so that the configuration must be read again with them.
   */
  public static boolean wakeChangesConfiguration(PluginSet before, PluginSet after) {
    Set<Plugin> earlier = new java.util.HashSet<>();
    before.plugins().forEach(p -> earlier.add(p.plugin()));
    return after.plugins().stream()
        .map(LoadedPlugin::plugin)
        .filter(p -> !earlier.contains(p))
        .anyMatch(p -> !p.configFormats().isEmpty() || !p.configSources().isEmpty() || !p.appendKeys().isEmpty()
            || p.configKeys().stream().anyMatch(key -> key.defaultValue().isPresent()));
  }

  /** Checks plugins given directly (tests, the conformance kit) as {@link #discover} does. */
  public static PluginSet of(List<LoadedPlugin> plugins) {
    return check(plugins, List.of());
  }

  private static PluginSet check(List<LoadedPlugin> found, List<GraphProblem> earlier) {
    List<GraphProblem> problems = new ArrayList<>(earlier);
    Map<String, LoadedPlugin> byId = new TreeMap<>();
    DefaultVersionManager versions = new DefaultVersionManager();
    for (LoadedPlugin loaded : found) {
      Plugin plugin = loaded.plugin();
      String id = plugin.id();
      if (id == null || !PLUGIN_ID.matcher(id).matches()) {
        problems.add(new GraphProblem.BadId(String.valueOf(id), loaded.source(), "plugin ids match [a-z][a-z0-9-]*"));
        continue;
      }
      LoadedPlugin first = byId.putIfAbsent(id, loaded);
      if (first != null) {
        problems.add(new GraphProblem.DuplicatePlugin(id, first.source(), loaded.source()));
        continue;
      }
      boolean accepted;
      try {
        accepted = versions.checkVersionConstraint(VERSION, plugin.requiresKernel());
      } catch (RuntimeException e) {
        accepted = false;
      }
      if (!accepted) {
        problems.add(new GraphProblem.KernelTooOld(id, plugin.version(), plugin.requiresKernel(), VERSION));
      }
      for (Step step : plugin.steps()) {
        String stepId = step.id();
        int slash = stepId == null ? -1 : stepId.indexOf('/');
        if (slash < 0
            || !stepId.substring(0, slash).equals(id)
            || !STEP_NAME.matcher(stepId.substring(slash + 1)).matches()) {
          problems.add(
              new GraphProblem.BadId(
                  String.valueOf(stepId), "plugin '" + id + "'", "step ids are '" + id + "/<kebab-name>'"));
        }
      }
    }
    checkClaims(byId.values(), problems);
    return new PluginSet(new ArrayList<>(byId.values()), problems);
  }

  /** Reports configuration sections and source schemes that two plugins claim, in plugin id order. */
  private static void checkClaims(Collection<LoadedPlugin> plugins, List<GraphProblem> problems) {
    Map<String, String> sections = new HashMap<>();
    Map<String, String> schemes = new HashMap<>();
    for (LoadedPlugin loaded : plugins) {
      for (String section : new TreeSet<>(loaded.plugin().configSections())) {
        String first = sections.putIfAbsent(section, loaded.id());
        if (first != null) {
          problems.add(new GraphProblem.ClaimedTwice("configuration section '" + section + "'", first, loaded.id()));
        }
      }
      for (ConfigSourceProvider provider : loaded.plugin().configSources()) {
        String scheme = provider.scheme().toLowerCase(Locale.ROOT);
        String first = schemes.putIfAbsent(scheme, loaded.id());
        if (first != null) {
          problems.add(new GraphProblem.ClaimedTwice("configuration source scheme '" + scheme + "'", first, loaded.id()));
        }
      }
    }
  }

  /**
   * Routes each plugin's sections to it, lets it bind and validate them, and decides which plugins
   * are enabled.
   *
   * @throws ConfigException with every problem of every section, and every unknown section
   */
  public static Setup bind(PluginSet plugins, ConfigNode.Table config) {
    return bind(plugins, config, ConfigPolicy.DEFAULT);
  }

  /**
   * {@link #bind(PluginSet, ConfigNode.Table)} with a policy: under {@code lenient}, unknown keys are
   * warnings, returned in {@link Setup#warnings()}.
   *
   * @throws ConfigException with every error (and warning) of every section
   */
  public static Setup bind(PluginSet plugins, ConfigNode.Table config, ConfigPolicy policy) {
    return bind(plugins, config, policy, Optional.empty());
  }

  /**
   * {@link #bind(PluginSet, ConfigNode.Table, ConfigPolicy)} telling each plugin the phase of the run
   * (empty outside a run) and whether it is enabled ({@link Plugin#bindConfig(ConfigSection, Binding)}).
   * The keys a phase requires ({@link dev.eksnode.spi.ConfigKey#requiredIn()}) are checked by {@link
   * #prepare}, on the configuration of the whole run.
   *
   * @throws ConfigException with every error (and warning) of every section
   */
  public static Setup bind(PluginSet plugins, ConfigNode.Table config, ConfigPolicy policy, Optional<Phase> phase) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> owners = new TreeMap<>();
    plugins.plugins().forEach(loaded -> Redaction.declareSecrets(loaded.plugin().configKeys(), config));
    for (LoadedPlugin loaded : plugins.plugins()) {
      for (String section : loaded.plugin().configSections()) {
        String other = owners.putIfAbsent(section, loaded.id());
        if (other != null) {
          throw new EksnodeException(
              "configuration section '" + section + "' is claimed by plugin '" + other + "' and plugin '"
                  + loaded.id() + "'");
        }
      }
    }
    SectionView all = SectionView.root(config, problems, key -> true, policy.lenient());
    checkUnclaimed(all, owners, plugins, problems, policy);
    try {
      PluginPins.of(config);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    // checkUnclaimed has reported a mistyped enabled flag; reading it again must not report it twice.
    SectionView flags = SectionView.root(config, new ArrayList<>(), key -> true, policy.lenient());

    Map<String, Object> bound = new HashMap<>();
    Set<String> enabled = new TreeSet<>();
    for (LoadedPlugin loaded : plugins.plugins()) {
      Plugin plugin = loaded.plugin();
      Set<String> sections = plugin.configSections();
      // plugins.<id>.enabled belongs to the kernel: a plugin that allows only its own keys must not see it.
      String enabledKey = "plugins." + plugin.id() + ".enabled";
      SectionView view = SectionView.root(
          config, problems, key -> !key.equals(enabledKey) && visible(key, sections), policy.lenient());
      boolean on = enabled(plugin, flags);
      if (on) {
        enabled.add(plugin.id());
      }
      PluginActivity.calling(plugin.id(), "while binding its configuration");
      try {
        bound.put(plugin.id(), plugin.bindConfig(view, new Binding(phase, on)));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      } catch (RuntimeException | Error e) {
        LOGGER.debug("plugin {} failed while binding its configuration", plugin.id(), e);
        problems.add(
            new ConfigProblem(
                config.location(), "plugins." + plugin.id(),
                "plugin '" + plugin.id() + "' failed while binding its configuration: " + Failures.describe(e), ""));
      } finally {
        PluginActivity.end();
      }
    }
    if (problems.stream().anyMatch(ConfigProblem::isError)) {
      throw new ConfigException(problems);
    }
    return new Setup(plugins, config, bound, enabled, problems);
  }

  /** The ids of the plugins {@code config} enables ({@code plugins.<id>.enabled}, else their default). */
  public static Set<String> enabledIds(PluginSet plugins, ConfigNode.Table config) {
    SectionView flags = SectionView.root(config, new ArrayList<>(), key -> true, true);
    Set<String> enabled = new TreeSet<>();
    plugins.plugins().stream().filter(p -> enabled(p.plugin(), flags)).forEach(p -> enabled.add(p.id()));
    return enabled;
  }

  private static boolean enabled(Plugin plugin, SectionView flags) {
    return flags.section("plugins").section(plugin.id()).bool("enabled").orElse(plugin.enabledByDefault());
  }

  /**
   * A configuration loader for these plugins: their formats, source providers, append keys and
   * defaults.
   *
   * @param environment what source providers see (endpoint overrides)
   */
  public static ConfigLoader configLoader(PluginSet plugins, ConfigPolicy policy, Map<String, String> environment) {
    List<ConfigFormat> formats = new ArrayList<>();
    List<ConfigSourceProvider> providers = new ArrayList<>();
    Set<String> appendKeys = new TreeSet<>();
    for (LoadedPlugin loaded : plugins.plugins()) {
      formats.addAll(loaded.plugin().configFormats());
      providers.addAll(loaded.plugin().configSources());
      appendKeys.addAll(loaded.plugin().appendKeys());
    }
    return new ConfigLoader(formats, providers, appendKeys, ConfigSchema.defaults(schemaKeys(plugins)), policy, environment);
  }

  /** Every plugin's documented configuration keys, in plugin id order. */
  public static List<ConfigSchema.PluginKeys> schemaKeys(PluginSet plugins) {
    List<ConfigSchema.PluginKeys> keys = new ArrayList<>();
    for (LoadedPlugin loaded : plugins.plugins()) {
      Plugin plugin = loaded.plugin();
      keys.add(new ConfigSchema.PluginKeys(plugin.id(), plugin.configSections(), plugin.configKeys(), plugin.enabledByDefault()));
    }
    return keys;
  }

  private static boolean visible(String key, Set<String> sections) {
    for (String section : sections) {
      if (key.equals(section) || key.startsWith(section + ".") || section.startsWith(key + ".")) {
        return true;
      }
    }
    return false;
  }

  private static void checkUnclaimed(
      SectionView all, Map<String, String> owners, PluginSet plugins, List<ConfigProblem> problems, ConfigPolicy policy) {
    ConfigProblem.Severity unknown = policy.lenient() ? ConfigProblem.Severity.WARNING : ConfigProblem.Severity.ERROR;
    Set<String> topLevel = new TreeSet<>();
    owners.keySet().forEach(section -> topLevel.add(section.split("\\.", 2)[0]));
    topLevel.add("plugins");
    topLevel.add(PluginPins.SECTION);
    for (String key : all.keys()) {
      if (!topLevel.contains(key)) {
        problems.add(
            new ConfigProblem(
                all.location(ConfigSection.literal(key)), ConfigSection.literal(key), "unknown section",
                Suggestions.closest(key, topLevel).map(s -> "did you mean '" + s + "'?").orElse(""), unknown));
      }
    }
    var pluginSections = all.section("plugins");
    Set<String> ids = new TreeSet<>();
    plugins.plugins().forEach(p -> ids.add(p.id()));
    for (String id : pluginSections.keys()) {
      if (!ids.contains(id)) {
        problems.add(
            new ConfigProblem(
                pluginSections.location(ConfigSection.literal(id)), "plugins." + ConfigSection.literal(id),
                "no plugin with this id is installed",
                Suggestions.closest(id, ids).map(s -> "did you mean '" + s + "'?")
                    .orElse("installed: " + String.join(", ", ids)), unknown));
      } else {
        pluginSections.section(id).bool("enabled");
      }
    }
  }

  /**
   * Orders the enabled plugins' steps of one phase, with the edges their data flow implies (see {@link
   * StepGraph}). A dependency, publisher or renderer that is missing is explained by where it is
   * instead: another phase, a disabled plugin, no installed plugin.
   */
  public static StepGraph.Ordering order(Setup setup, Phase phase) {
    Map<Step, String> steps = new LinkedHashMap<>();
    Map<String, String> allSteps = new HashMap<>();
    Map<String, Step> publishers = new TreeMap<>();
    Map<String, Step> renderers = new TreeMap<>();
    for (LoadedPlugin loaded : setup.plugins().plugins()) {
      for (Step step : loaded.plugin().steps()) {
        allSteps.put(step.id(), loaded.id() + ":" + step.phase());
        step.publishes().forEach(fact -> publishers.merge(fact.name(), step, (a, b) -> a.id().compareTo(b.id()) <= 0 ? a : b));
        step.renders().forEach(doc -> renderers.merge(doc.name(), step, (a, b) -> a.id().compareTo(b.id()) <= 0 ? a : b));
        if (step.phase() == phase && setup.enabled().contains(loaded.id())) {
          steps.put(step, loaded.id());
        }
      }
    }
    return checksFirst(StepGraph.order(steps, new StepGraph.Absences(
        dependency -> whyMissing(dependency, setup, allSteps, phase),
        fact -> elsewhere("published", publishers.get(fact), setup, allSteps, phase),
        document -> elsewhere("rendered", renderers.get(document), setup, allSteps, phase))));
  }

  /** Why {@code step}, which publishes or renders something a step of {@code phase} needs, is not in it. */
  private static String elsewhere(String verb, Step step, Setup setup, Map<String, String> allSteps, Phase phase) {
    if (step == null) {
      return "no installed plugin's step says it is " + verb + " there";
    }
    return "it is " + verb + " by step '" + step.id() + "', but " + whyMissing(step.id(), setup, allSteps, phase);
  }

  /**
   * Refuses an ordering in which a checking step ({@link Step#checksOnly()}) comes after a step that
   * writes: checks run before every write.
   */
  private static StepGraph.Ordering checksFirst(StepGraph.Ordering ordering) {
    if (!(ordering instanceof StepGraph.Ordered ordered)) {
      return ordering;
    }
    Map<String, Step> byId = new HashMap<>();
    ordered.steps().forEach(step -> byId.put(step.id(), step));
    List<GraphProblem> problems = new ArrayList<>();
    for (Step step : ordered.steps()) {
      if (step.checksOnly()) {
        for (String before : new TreeSet<>(ordered.predecessors().getOrDefault(step.id(), Set.of()))) {
          if (!byId.get(before).checksOnly()) {
            problems.add(new GraphProblem.CheckAfterWrite(step.id(), before));
          }
        }
      }
    }
    return problems.isEmpty() ? ordered : new StepGraph.Invalid(problems);
  }

  private static String whyMissing(String dependency, Setup setup, Map<String, String> allSteps, Phase phase) {
    String pluginId = dependency.contains("/") ? dependency.substring(0, dependency.indexOf('/')) : dependency;
    if (setup.plugins().find(pluginId).isEmpty()) {
      return "plugin '" + pluginId + "' is not installed";
    }
    if (!setup.enabled().contains(pluginId)) {
      return "plugin '" + pluginId + "' is disabled (enable it with plugins." + pluginId + ".enabled = true)";
    }
    String where = allSteps.get(dependency);
    if (where != null && !where.endsWith(":" + phase)) {
      return "it is a step of the " + where.substring(where.indexOf(':') + 1).toLowerCase(Locale.ROOT) + " phase";
    }
    return "plugin '" + pluginId + "' has no such step";
  }

  /**
   * What {@link #checkOffline} found.
   *
   * @param warnings the offline checks' warnings
   * @param checked the checks that ran, in run order
   * @param needMachine the checks that need the machine (instance metadata, a probe) and did not run
   */
  public record OfflineChecks(List<ConfigProblem> warnings, List<String> checked, List<String> needMachine) {
    public OfflineChecks {
      warnings = List.copyOf(warnings);
      checked = List.copyOf(checked);
      needMachine = List.copyOf(needMachine);
    }
  }

  /**
   * Runs the phase's checks that need nothing but the configuration ({@link Step#checksOffline()}, after
   * offline checks only), as {@link #run} runs them first, over a dry-run host that writes nothing: what
   * {@code eksnode validate} reports.
   *
   * @throws ConfigException with every problem the offline checks found, when one is an error
   */
  public static OfflineChecks checkOffline(Preparation.Ready ready, RunOptions options) {
    FileHost host = new FileHost(options.root(), true, options.environment(), options.clock());
    RunState state = new RunState(ready.graph());
    Map<String, String> pluginOf = new HashMap<>();
    ready.setup().plugins().plugins().forEach(p -> p.plugin().steps().forEach(s -> pluginOf.put(s.id(), p.id())));
    Map<String, CompletableFuture<StepRecord>> futures = new HashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    List<String> needMachine = new ArrayList<>();
    Set<String> offline = new java.util.HashSet<>();
    long origin = System.nanoTime();
    for (Step step : ready.graph().steps()) {
      if (!step.checksOnly()) {
        continue;
      }
      boolean runnable = step.checksOffline()
          && offline.containsAll(ready.graph().predecessors().getOrDefault(step.id(), Set.of()));
      if (!runnable) {
        needMachine.add(step.id());
        continue;
      }
      offline.add(step.id());
      checked.add(step.id());
      StepRecord record = execute(step, pluginOf.get(step.id()), ready.setup(), ready.graph(), futures, host,
          new java.util.concurrent.ConcurrentSkipListMap<>(), state, ready.phase(), origin, problems);
      futures.put(step.id(), CompletableFuture.completedFuture(record));
    }
    if (problems.stream().anyMatch(ConfigProblem::isError)) {
      throw new ConfigException(problems);
    }
    return new OfflineChecks(problems, checked, needMachine);
  }

  /** Runs a prepared phase; see {@link #run(Setup, StepGraph.Ordered, Phase, RunOptions, RunListener)}. */
  public static RunReport run(Preparation.Ready ready, RunOptions options, RunListener listener) {
    return run(ready.setup(), ready.graph(), ready.phase(), options, listener);
  }

  /**
   * Runs an ordered phase. Steps start as soon as every step ordered before them finished, each on its
   * own virtual thread. A failed step blocks the steps that require it; the others go on. Each change
   * a step makes is first shown to {@link RunOptions#changeObserver()}.
   *
   * <p>A step that has not finished {@value #STEP_DEADLINE_VARIABLE} seconds after it started (default
   * {@value #DEFAULT_BOOT_STEP_DEADLINE_SECONDS} at boot, {@value #DEFAULT_IMAGE_STEP_DEADLINE_SECONDS}
   * at image build) is failed there and then; its thread cannot be stopped and is left behind, and the
   * run goes on without it.
   */
  public static RunReport run(Setup setup, StepGraph.Ordered graph, Phase phase, RunOptions options, RunListener listener) {
    FileHost host =
        new FileHost(options.root(), options.dryRun(), options.environment(), options.clock(), options.changeObserver());
    RunState state = new RunState(graph);
    Map<String, ManagedFile> managed = new java.util.concurrent.ConcurrentSkipListMap<>();
    Map<String, String> pluginOf = new HashMap<>();
    setup.plugins().plugins().forEach(p -> p.plugin().steps().forEach(s -> pluginOf.put(s.id(), p.id())));
    String started = options.clock().instant().toString();
    long origin = System.nanoTime();
    Duration stepDeadline = stepDeadline(phase, options.environment());
    List<Step> steps = graph.steps();
    Map<String, CompletableFuture<StepRecord>> futures = new java.util.concurrent.ConcurrentHashMap<>();
    var emitter =
        new Object() {
          int next = 0;

          synchronized void emit() {
            while (next < steps.size() && futures.containsKey(steps.get(next).id()) && futures.get(steps.get(next).id()).isDone()) {
              listener.stepFinished(futures.get(steps.get(next).id()).join());
              next++;
            }
          }
        };
    LOGGER.info("{} phase: {} steps in order {}", phase, steps.size(), steps.stream().map(Step::id).toList());
    // A check past the step deadline is failed like any step; its thread may still add problems later.
    List<ConfigProblem> checkProblems = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService checking = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (Step check : steps) {
        if (check.checksOnly()) {
          String plugin = pluginOf.get(check.id());
          long start = millisSince(origin);
          StepRecord record = CompletableFuture.supplyAsync(
                  () -> execute(check, plugin, setup, graph, futures, host, managed, state, phase, origin, checkProblems), checking)
              .orTimeout(stepDeadline.toNanos(), TimeUnit.NANOSECONDS)
              .exceptionally(e -> overdue(check, plugin, graph, start, millisSince(origin) - start, stepDeadline, e))
              .join();
          futures.put(check.id(), CompletableFuture.completedFuture(record));
        }
      }
    } finally {
      checking.shutdown();
    }
    if (checkProblems.stream().anyMatch(ConfigProblem::isError)) {
      LOGGER.info("{} phase refused by its checks before any step wrote: {}", phase, checkProblems);
      throw new ConfigException(checkProblems);
    }
    // The report is the kernel's record, not a step's change: the change observer does not see it.
    FileHost reportHost = new FileHost(options.root(), options.dryRun(), options.environment(), options.clock());
    List<RunReport.PluginEntry> plugins =
        setup.plugins().plugins().stream()
            .map(p -> new RunReport.PluginEntry(p.id(), p.plugin().version(), p.source(), setup.enabled().contains(p.id())))
            .toList();
    ActiveRun active = new ActiveRun(phase, steps, futures, pluginOf, origin, reportHost,
        records -> new RunReport(
            VERSION, phase.name().toLowerCase(Locale.ROOT), host.root().toString(), started,
            millisSince(origin), "failed", plugins, records, reportFiles(reportHost, managed.values())));
    ActiveRun.start(active);
    // Not closed with try-with-resources: closing waits for every task, and a step past its deadline never ends.
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      synchronized (emitter) {
        for (Step step : steps) {
          if (step.checksOnly()) {
            continue;
          }
          Set<String> predecessors = graph.predecessors().get(step.id());
          CompletableFuture<?>[] waits =
              predecessors.stream().map(futures::get).toArray(CompletableFuture<?>[]::new);
          String plugin = pluginOf.get(step.id());
          CompletableFuture<StepRecord> future =
              CompletableFuture.allOf(waits)
                  .thenCompose(ignored -> {
                    long start = millisSince(origin);
                    CompletableFuture<StepRecord> applied = CompletableFuture.supplyAsync(
                        () -> execute(step, plugin, setup, graph, futures, host, managed, state, phase, origin, null), executor);
                    return applied.orTimeout(stepDeadline.toNanos(), TimeUnit.NANOSECONDS).exceptionally(e -> overdue(
                        step, plugin, graph, start, millisSince(origin) - start, stepDeadline, e));
                  });
          futures.put(step.id(), future);
        }
      }
      futures.values().forEach(f -> f.whenComplete((r, e) -> emitter.emit()));
      CompletableFuture.allOf(futures.values().toArray(CompletableFuture<?>[]::new)).join();
    } finally {
      executor.shutdown();
      ActiveRun.finish(active);
    }
    emitter.emit();
    List<StepRecord> records = steps.stream().map(s -> futures.get(s.id()).join()).toList();
    boolean ok = records.stream().noneMatch(StepRecord::unsuccessful);
    RunReport report =
        new RunReport(
            VERSION, phase.name().toLowerCase(Locale.ROOT), host.root().toString(), started,
            millisSince(origin), ok ? "succeeded" : "failed", plugins, records, reportFiles(reportHost, managed.values()));
    writeReport(reportHost, phase, report);
    return report;
  }

  /** Seconds a step may run before it is failed; default {@value #DEFAULT_BOOT_STEP_DEADLINE_SECONDS} at boot. */
  public static final String STEP_DEADLINE_VARIABLE = "EKSNODE_STEP_DEADLINE_SECONDS";

  static final long DEFAULT_BOOT_STEP_DEADLINE_SECONDS = 300;
  static final long DEFAULT_IMAGE_STEP_DEADLINE_SECONDS = 3600;

  private static Duration stepDeadline(Phase phase, Map<String, String> environment) {
    String text = environment.get(STEP_DEADLINE_VARIABLE);
    if (text != null && !text.isBlank()) {
      if (!text.strip().matches("[1-9][0-9]{0,4}")) {
        throw new EksnodeException(STEP_DEADLINE_VARIABLE + "=\"" + text + "\" is not a number of seconds from 1 to 99999");
      }
      return Duration.ofSeconds(Long.parseLong(text.strip()));
    }
    return Duration.ofSeconds(phase == Phase.IMAGE ? DEFAULT_IMAGE_STEP_DEADLINE_SECONDS : DEFAULT_BOOT_STEP_DEADLINE_SECONDS);
  }

  /** The record of a step that did not finish within its deadline (or whose thread failed outside the step). */
  private static StepRecord overdue(
      Step step, String plugin, StepGraph.Ordered graph, long start, long duration, Duration deadline, Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    String detail = cause instanceof java.util.concurrent.TimeoutException
        ? "did not finish within " + deadline.toSeconds() + " s (" + STEP_DEADLINE_VARIABLE + "); it was left running and failed"
        : Failures.describe(cause);
    List<String> waitedFor = graph.predecessors().get(step.id()).stream().sorted().toList();
    return new StepRecord(step.id(), plugin, "failed", detail, start, duration, List.of(), List.of(), waitedFor);
  }

  /**
   * Runs one step. A checking step ({@code checkProblems} not null) runs on a host that refuses changes;
   * the configuration problems it reports, or throws, are added to {@code checkProblems}, and its
   * warnings are its record's detail.
   */
  private static StepRecord execute(
      Step step, String plugin, Setup setup, StepGraph.Ordered graph, Map<String, CompletableFuture<StepRecord>> futures,
      FileHost host, Map<String, ManagedFile> managed, RunState state, Phase phase, long origin,
      List<ConfigProblem> checkProblems) {
    boolean checking = checkProblems != null;
    long start = millisSince(origin);
    List<String> waitedFor = graph.predecessors().get(step.id()).stream().sorted().toList();
    for (String dependency : new TreeSet<>(graph.requires().get(step.id()))) {
      StepRecord before = futures.get(dependency).join();
      if (before.unsuccessful()) {
        return new StepRecord(step.id(), plugin, "blocked", dependency, start, 0, List.of(), List.of(), waitedFor);
      }
    }
    StepHost stepHost = new StepHost(host, step.id(), managed, checking);
    StepScope scope = new StepScope(step, phase, stepHost, setup.bound().get(plugin), state, setup.config(), checking);
    Outcome outcome;
    PluginActivity.applying(plugin, step.id());
    try {
      outcome = step.apply(scope);
      if (outcome == null) {
        outcome = new Outcome.Failed("the step returned no outcome");
      }
    } catch (ConfigException e) {
      scope.addProblems(e.problems());
      outcome = checking ? Outcome.done() : new Outcome.Failed(e.getMessage());
    } catch (Exception | Error e) {
      LOGGER.debug("step {} failed", step.id(), e);
      outcome = new Outcome.Failed(e instanceof EksnodeException && e.getMessage() != null ? e.getMessage() : Failures.describe(e));
    } finally {
      PluginActivity.end();
    }
    Optional<String> refusal = scope.refusal();
    if (refusal.isPresent()) {
      outcome = new Outcome.Failed(refusal.get());
    }
    long duration = millisSince(origin) - start;
    List<String> changes = stepHost.changes();
    List<String> actions = stepHost.actions();
    String label = outcome.label();
    String detail =
        switch (outcome) {
          case Outcome.Skipped s -> s.reason();
          case Outcome.Failed f -> f.message();
          case Outcome.Blocked b -> b.dependency();
          case Outcome.Applied a -> String.join("; ", a.changes());
          case Outcome.Unchanged u -> "";
        };
    if (outcome instanceof Outcome.Applied || outcome instanceof Outcome.Unchanged) {
      label = changes.isEmpty() && actions.isEmpty() && !(outcome instanceof Outcome.Applied) ? "unchanged" : "applied";
    }
    if (checking) {
      List<ConfigProblem> found = scope.problems();
      checkProblems.addAll(found);
      List<String> warnings = found.stream().filter(p -> !p.isError()).map(p -> "warning: " + p).toList();
      if (!warnings.isEmpty()) {
        detail = detail.isEmpty() ? String.join("; ", warnings) : detail + "; " + String.join("; ", warnings);
      }
    }
    return new StepRecord(step.id(), plugin, label, oneLine(detail), start, duration, changes, actions, waitedFor);
  }

  /** The most characters of a step's detail (a failure message, a skip reason) the report and the step line keep. */
  static final int MAX_DETAIL = 2000;

  /**
   * A step's detail as one printable line of at most {@value #MAX_DETAIL} characters: a message that
   * quotes a command's output (a flood, binary garbage) must not fill the terminal or the report.
   */
  static String oneLine(String detail) {
    String line = Failures.printable(detail.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '));
    return line.length() <= MAX_DETAIL ? line
        : line.substring(0, MAX_DETAIL) + " ... (" + detail.length() + " characters)";
  }

  private static long millisSince(long origin) {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  /**
   * The managed files as the world-readable report may show them: files that are not world-readable
   * get a digest keyed with {@link #REPORT_KEY}, which is created (random, mode 0600) the first time
   * a run manages such a file.
   */
  private static List<ManagedFile> reportFiles(FileHost host, Collection<ManagedFile> files) {
    if (files.stream().allMatch(ManagedFile::worldReadable)) {
      return List.copyOf(files);
    }
    byte[] key = reportKey(host).orElseGet(() -> {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      host.write(REPORT_KEY, (HexFormat.of().formatHex(fresh) + "\n").getBytes(StandardCharsets.US_ASCII), 0600);
      return fresh;
    });
    return files.stream().map(file -> file.forReport(key)).toList();
  }

  /**
   * The node's report key ({@link #REPORT_KEY}) when it exists and holds a key; reading it needs the
   * rights of the user that ran eksnode (root on a node).
   *
   * @throws dev.eksnode.spi.HostException when it exists but cannot be read
   */
  public static Optional<byte[]> reportKey(Host host) {
    return host.readString(REPORT_KEY).map(String::strip).filter(text -> text.matches("[0-9a-f]{64}"))
        .map(text -> HexFormat.of().parseHex(text));
  }

  private static void writeReport(FileHost host, Phase phase, RunReport report) {
    host.write(reportPath(phase), ReportJson.write(report), 0644);
  }

  /** Databind is only loaded by commands that read reports or print JSON, not by every run. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** The host a run with these options would use, for plugin commands that inspect a root. */
  public static dev.eksnode.spi.Host host(RunOptions options) {
    return new FileHost(options.root(), options.dryRun(), options.environment(), options.clock());
  }

  /**
   * Reads a run report written by {@link #run}.
   *
   * @throws EksnodeException naming the file when it cannot be read or is not a report
   */
  public static RunReport readReport(Path file) {
    try {
      if (!java.nio.file.Files.isRegularFile(file)) {
        throw new EksnodeException("cannot read the run report " + file + ": it is not a regular file");
      }
      byte[] json;
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
        json = in.readNBytes(FileHost.MAX_READ_BYTES + 1);
      }
      if (json.length > FileHost.MAX_READ_BYTES) {
        throw new EksnodeException("cannot read the run report " + file + ": it is larger than " + FileHost.MAX_READ_BYTES + " bytes");
      }
      return Mapper.JSON.readValue(json, RunReport.class);
    } catch (java.io.IOException e) {
      throw new EksnodeException("cannot read the run report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a run report's JSON.
   *
   * @throws EksnodeException when it is not a report
   */
  public static RunReport parseReport(String json) {
    try {
      return Mapper.JSON.readValue(json, RunReport.class);
    } catch (java.io.IOException e) {
      throw new EksnodeException("not a run report: " + e.getMessage(), e);
    }
  }

  /** Renders a report, record or plain map/list value as indented JSON. */
  public static String json(Object value) {
    try {
      return Mapper.JSON.writeValueAsString(value);
    } catch (java.io.IOException e) {
      throw new EksnodeException("cannot render JSON: " + e.getMessage(), e);
    }
  }

}
