package dev.eksnode.cli;

import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginPins;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.ReportAnalysis;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.ConfigDocument;
import dev.eksnode.kernel.config.ConfigExplain;
import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.PluginCommand;
import dev.eksnode.spi.Step;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Runs one eksnode command and returns its exit code; {@link Main} is the process around it. */
public final class Cli {

  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: a step failed. */
  public static final int STEP_FAILED = 1;
  /** Exit code: bad input or configuration. */
  public static final int BAD_INPUT = 2;
  /** Exit code: a plugin could not be loaded or the step graph is invalid. */
  public static final int PLUGIN_PROBLEM = 3;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final InputStream in;

  /**
   * @param environment what eksnode sees as its environment: steps read it through the host, and the
   *     instance metadata endpoint override ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}) is taken from it
   */
  public Cli(PrintStream out, PrintStream err, Map<String, String> environment) {
    this(out, err, environment, System.in);
  }

  /** @param in what {@code validate -} reads */
  public Cli(PrintStream out, PrintStream err, Map<String, String> environment, InputStream in) {
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
    this.in = in;
  }

  /** Thrown inside a command to end it with an exit code and a message already printed. */
  private static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    Exit(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  public int run(String... argv) {
    Args args;
    try {
      args = Args.parse(argv);
    } catch (Args.UsageException e) {
      err.println("eksnode: " + e.getMessage());
      err.println("Run 'eksnode --help' for usage.");
      return BAD_INPUT;
    }
    String command = args.command();
    if (command.equals("image")) {
      if (args.words.size() < 2 || !args.words.get(1).equals("build")) {
        if (args.help) {
          out.print(Help.of("image build"));
          return OK;
        }
        err.println("eksnode: 'image' needs a subcommand: image build");
        return BAD_INPUT;
      }
      command = "image build";
    }
    if (command.equals("config")) {
      if (args.words.size() < 2 || !args.words.get(1).equals("schema")) {
        if (args.help) {
          out.print(Help.of("config schema"));
          return OK;
        }
        err.println("eksnode: 'config' needs a subcommand: config schema");
        return BAD_INPUT;
      }
      command = "config schema";
    }
    if (command.isEmpty() || command.equals("help")) {
      (command.isEmpty() && !args.help ? err : out).print(Help.overview(pluginCommandSummaries(args)));
      return command.isEmpty() && !args.help ? BAD_INPUT : OK;
    }
    if (!Help.TOPICS.containsKey(command)) {
      return pluginCommand(args);
    }
    if (!args.unknownOptions.isEmpty()) {
      err.println("eksnode: unknown option " + args.unknownOptions.getFirst());
      err.println("Run 'eksnode " + command + " --help' for usage.");
      return BAD_INPUT;
    }
    if (args.help) {
      out.print(Help.of(command));
      return OK;
    }
    if (args.outputFile.isPresent() && !command.equals("collect-logs")) {
      err.println("eksnode: --output takes text or json, not '" + args.outputFile.get() + "'");
      return BAD_INPUT;
    }
    try {
      return switch (command) {
        case "bootstrap" -> runPhase(args, Phase.BOOT, false);
        case "image build" -> runPhase(args, Phase.IMAGE, false);
        case "plan" -> runPhase(args, phaseOf(args), true);
        case "validate" -> validate(args);
        case "config schema" -> schema(args);
        case "plugins" -> plugins(args);
        case "graph" -> graph(args);
        case "analyze" -> analyze(args);
        case "verify-node" -> verifyNode(args);
        case "collect-logs" -> collectLogs(args);
        case "version" -> version(args);
        case "demo" -> demo(args);
        default -> throw new IllegalStateException(command);
      };
    } catch (Exit e) {
      return e.code;
    } catch (Args.UsageException e) {
      err.println("eksnode: " + e.getMessage());
      return BAD_INPUT;
    } catch (ConfigException e) {
      printProblems(e.problems());
      return BAD_INPUT;
    } catch (IllegalArgumentException e) {
      err.println("eksnode: " + e.getMessage());
      return BAD_INPUT;
    } catch (EksnodeException e) {
      err.println("eksnode: " + e.getMessage());
      return STEP_FAILED;
    }
  }

  /** The commands installed plugins add, for the overview; a broken plugins directory adds none. */
  private List<Map.Entry<String, String>> pluginCommandSummaries(Args args) {
    List<Map.Entry<String, String>> commands = new ArrayList<>();
    PluginPins pins;
    try {
      pins = PluginPins.read(args.root);
    } catch (ConfigException e) {
      return commands; // the command itself reports the broken image configuration
    }
    for (LoadedPlugin loaded : Kernel.discover(pluginsDir(args), pins).plugins()) {
      for (PluginCommand command : loaded.plugin().commands()) {
        commands.add(Map.entry(command.name(), command.summary()));
      }
    }
    commands.sort(Map.Entry.comparingByKey());
    return commands;
  }

  /** Runs a subcommand a plugin provides, e.g. {@code compliance report}. */
  private int pluginCommand(Args args) {
    PluginSet plugins;
    try {
      plugins = Kernel.discover(pluginsDir(args), PluginPins.read(args.root));
    } catch (ConfigException e) {
      printProblems(e.problems());
      return BAD_INPUT;
    }
    for (LoadedPlugin loaded : plugins.plugins()) {
      for (PluginCommand command : loaded.plugin().commands()) {
        List<String> name = List.of(command.name().split(" "));
        if (args.words.size() >= name.size() && args.words.subList(0, name.size()).equals(name)) {
          if (args.help) {
            out.println(command.summary() + "\n\nUsage: " + command.usage() + "\n\n" + command.help().strip());
            return OK;
          }
          List<String> rest = new ArrayList<>(args.rest);
          name.forEach(rest::remove);
          RunOptions options = new RunOptions(args.root, false, environment, java.time.Clock.systemUTC());
          try {
            PluginCommand.Result result = command.run(rest, Kernel.host(options));
            if (args.json) {
              printJson(result.json());
            } else {
              out.print(result.text().endsWith("\n") || result.text().isEmpty() ? result.text() : result.text() + "\n");
            }
            return result.exitCode();
          } catch (ConfigException e) {
            printProblems(e.problems());
            return BAD_INPUT;
          }
        }
      }
    }
    err.println("eksnode: unknown command '" + String.join(" ", args.words) + "'");
    err.println("Run 'eksnode --help' for the list of commands.");
    return BAD_INPUT;
  }

  private static Phase phaseOf(Args args) {
    return args.phase.map(p -> p.equals("image") ? Phase.IMAGE : Phase.BOOT).orElse(Phase.BOOT);
  }

  private Path pluginsDir(Args args) {
    return args.pluginsDir.orElse(args.root.resolve(Kernel.DEFAULT_PLUGINS_DIRECTORY.toString().substring(1)));
  }

  /** Every plugin, every jar loaded: for commands that show or use all of them. */
  private PluginSet discover(Args args) {
    return discover(args, false);
  }

  /**
   * The plugins, jars checked against the image configuration's pins before any class of theirs is
   * loaded; exits 3 on any plugin problem.
   *
   * @param forBoot leave jars whose manifest says their plugin is off unloaded until the configuration
   *     is read ({@link Kernel#discoverForRun}); {@link #configure} loads those it enables
   */
  private PluginSet discover(Args args, boolean forBoot) {
    PluginPins pins = PluginPins.read(args.root);
    Path directory = pluginsDir(args);
    PluginSet plugins = forBoot ? Kernel.discoverForRun(directory, pins) : Kernel.discover(directory, pins);
    if (!plugins.problems().isEmpty()) {
      printGraphProblems(plugins.problems());
      throw new Exit(PLUGIN_PROBLEM);
    }
    return plugins;
  }

  /** Configuration read, merged and bound, with its warnings already printed. */
  private record Configured(ConfigLoader.Loaded loaded, Setup setup) {}

  private static ConfigPolicy policy(Args args) {
    return new ConfigPolicy(args.strict, args.lenient);
  }

  private static boolean liveRoot(Args args) {
    return args.root.toAbsolutePath().normalize().equals(Path.of("/").toAbsolutePath());
  }

  /**
   * The sources a run reads: the --config-source list when given, else the default list (image
   * configuration, user data where a provider offers it, node-local drop-ins); then --config files.
   */
  private List<ConfigSource> sources(Args args, ConfigLoader loader, boolean withProviders) {
    List<ConfigSource> sources = new ArrayList<>();
    if (args.configSources.isEmpty()) {
      sources.addAll(loader.defaultSources(args.root, liveRoot(args), withProviders));
    } else {
      for (String text : args.configSources) {
        ConfigSource source = ConfigSource.parse(text);
        if (!withProviders && source instanceof ConfigSource.Provided provided) {
          throw new Args.UsageException("validate checks offline and does not read " + provided.uri() + "; name files instead");
        }
        sources.add(source);
      }
    }
    args.configFiles.forEach(file -> sources.add(new ConfigSource.Files(file, false)));
    return sources;
  }

  /**
   * Loads and binds; problems of reading and of binding are reported together, so a syntax error in
   * one document does not hide a bad value in another.
   */
  private Configured configure(Args args, PluginSet discovered, ConfigLoader loader, List<ConfigSource> sources) {
    ConfigLoader.Loaded loaded = loader.load(sources);
    PluginSet plugins = Kernel.wake(discovered, loaded.merged());
    if (plugins != discovered) {
      if (!plugins.problems().isEmpty()) {
        printGraphProblems(plugins.problems());
        throw new Exit(PLUGIN_PROBLEM);
      }
      if (Kernel.wakeChangesConfiguration(discovered, plugins)) {
        loaded = Kernel.configLoader(plugins, policy(args), environment).load(sources);
      }
    }
    List<ConfigProblem> problems = new ArrayList<>(loaded.problems());
    problems.addAll(pinsOutsideImage(args.root, loaded.merged()));
    Setup setup = null;
    try {
      setup = Kernel.bind(plugins, loaded.merged(), policy(args));
      problems.addAll(setup.warnings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    // An AMI configuration's [boot] and [profiles] are boot configuration: checked as a booting node would.
    problems.addAll(BootDefaults.problems(plugins, loaded.merged(), policy(args)));
    problems = loaded.inSourceOrder(problems);
    if (setup == null || problems.stream().anyMatch(ConfigProblem::isError)) {
      throw new ConfigException(problems);
    }
    printWarnings(problems);
    return new Configured(loaded, setup);
  }

  private Configured configure(Args args, PluginSet plugins) {
    ConfigLoader loader = Kernel.configLoader(plugins, policy(args), environment);
    List<ConfigSource> sources = sources(args, loader, true);
    Optional<Path> profile = selectedProfile(args.root, loader, sources);
    if (profile.isPresent()) {
      sources = withProfile(args.root, sources, profile.get());
      if (!args.json) {
        out.println("workload profile '" + profile.get().getFileName().toString().replaceFirst("\\.toml$", "") + "' from " + profile.get());
      }
    }
    return configure(args, plugins, loader, sources);
  }

  /** Where the image phase bakes workload profiles, one {@code <name>.toml} each. */
  static final String PROFILES = "/etc/eksnode/profiles";

  /**
   * The preset of the workload profile the configuration selects ({@code profile = "<name>"}), when the
   * image baked one under {@value #PROFILES}. Reads the sources an extra time only on images that have
   * presets; a profile the image has no preset for is left to the plugins that know it, and sources
   * that cannot be read are left for the real load to report.
   */
  static Optional<Path> selectedProfile(Path root, ConfigLoader loader, List<ConfigSource> sources) {
    Path presets = root.resolve(PROFILES.substring(1));
    if (!Files.isDirectory(presets)) {
      return Optional.empty();
    }
    ConfigLoader.Loaded loaded = loader.load(sources);
    if (!(loaded.merged().entries().get("profile") instanceof ConfigNode.Leaf leaf)
        || !(leaf.value() instanceof String name) || !name.matches("[a-z][a-z0-9-]*")) {
      return Optional.empty();
    }
    Path preset = presets.resolve(name + ".toml");
    return Files.isRegularFile(preset) ? Optional.of(preset) : Optional.empty();
  }

  /**
   * The sources with a profile's preset read right after the image configuration ({@value
   * ConfigSources#IMAGE_CONFIG} and its drop-in directory), so it overrides the image's boot defaults
   * and everything read later (user data, node-local drop-ins, {@code --config}) overrides it.
   */
  static List<ConfigSource> withProfile(Path root, List<ConfigSource> sources, Path preset) {
    Set<Path> image = Set.of(root.resolve(ConfigSources.IMAGE_CONFIG.substring(1)),
        root.resolve(ConfigSources.IMAGE_CONFIG_DIRECTORY.substring(1)));
    int at = 0;
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i) instanceof ConfigSource.Files files && image.contains(files.path())) {
        at = i + 1;
      }
    }
    List<ConfigSource> result = new ArrayList<>(sources);
    result.add(at, new ConfigSource.Files(preset, false));
    return result;
  }

  /**
   * Warnings for pins set outside the image configuration (user data, drop-ins, {@code --config}): the
   * kernel reads pins only from the image, before any plugin is loaded, so such a pin has no effect.
   */
  private static List<ConfigProblem> pinsOutsideImage(Path root, ConfigNode.Table merged) {
    if (!(merged.entries().get(PluginPins.SECTION) instanceof ConfigNode.Table pins)) {
      return List.of();
    }
    Set<String> image = new TreeSet<>();
    ConfigSources.imageFiles(root).forEach(file -> image.add(file.toString()));
    List<ConfigProblem> problems = new ArrayList<>();
    pins.entries().forEach((id, node) -> {
      if (!image.contains(node.location().source())) {
        problems.add(new ConfigProblem(node.location(), PluginPins.SECTION + "." + id,
            "has no effect here: plugin pins are read only from the image configuration ("
                + ConfigSources.IMAGE_CONFIG + ", " + ConfigSources.IMAGE_CONFIG_DIRECTORY + "/*.toml)", "",
            ConfigProblem.Severity.WARNING));
      }
    });
    return problems;
  }

  private StepGraph.Ordered order(Setup setup, Phase phase) {
    return switch (Kernel.order(setup, phase)) {
      case StepGraph.Ordered ordered -> ordered;
      case StepGraph.Invalid invalid -> {
        printGraphProblems(invalid.problems());
        throw new Exit(PLUGIN_PROBLEM);
      }
    };
  }

  private int runPhase(Args args, Phase phase, boolean dryRun) {
    if (args.explain && !dryRun) {
      throw new Args.UsageException("--explain belongs to plan");
    }
    PluginSet plugins = discover(args, phase == Phase.BOOT);
    Configured configured = configure(args, plugins);
    Setup setup = configured.setup();
    StepGraph.Ordered graph = order(setup, phase);
    List<ConfigExplain.Entry> explained = args.explain ? ConfigExplain.entries(configured.loaded().merged()) : List.of();
    if (args.explain && !args.json) {
      out.println("configuration (lowest precedence first: "
          + String.join(", ", configured.loaded().sources().stream().map(ConfigSource::display).toList()) + "):");
      ConfigExplain.text(explained).forEach(line -> out.println("  " + line));
      out.println();
    }
    RunOptions options = new RunOptions(args.root, dryRun, environment, java.time.Clock.systemUTC())
        .withChangeObserver(pauseForTests());
    RunListener listener = args.json ? RunListener.NONE : this::printStep;
    if (dryRun && !args.json) {
      out.println("plan for the " + phase.name().toLowerCase() + " phase (dry run: nothing is written)");
    }
    RunReport report = Kernel.run(setup, graph, phase, options, listener);
    if (args.json && args.explain) {
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("configuration", ConfigExplain.json(explained));
      both.put("plan", report);
      printJson(both);
    } else if (args.json) {
      printJson(report);
    } else {
      if (dryRun) {
        report.steps().forEach(this::printPlannedChanges);
      }
      out.println(
          report.result() + ": " + report.steps().size() + " steps in " + report.durationMillis() + " ms"
              + (dryRun ? "" : "; report " + args.root.resolve(Kernel.reportPath(phase).substring(1))));
    }
    return report.succeeded() ? OK : STEP_FAILED;
  }

  /** Test hook: with {@code EKSNODE_TEST_PAUSE_AT_CHANGE=N}, the variable eksnode pauses at change N; see {@link PauseAtChange}. */
  private dev.eksnode.kernel.ChangeObserver pauseForTests() {
    String at = environment.get(PauseAtChange.AT);
    if (at == null || at.isBlank()) {
      return dev.eksnode.kernel.ChangeObserver.NONE;
    }
    String marker = environment.get(PauseAtChange.MARKER);
    if (marker == null || marker.isBlank()) {
      throw new Args.UsageException(PauseAtChange.AT + " needs " + PauseAtChange.MARKER);
    }
    try {
      return new PauseAtChange(Integer.parseInt(at.strip()), Path.of(marker));
    } catch (NumberFormatException e) {
      throw new Args.UsageException(PauseAtChange.AT + ": \"" + at + "\" is not a number");
    }
  }

  private void printStep(StepRecord record) {
    String detail = record.detail().isEmpty() || record.outcome().equals("applied") ? "" : "  (" + record.detail() + ")";
    out.printf("%-9s %-36s %6d ms%s%n", record.outcome(), record.id(), record.durationMillis(), detail);
  }

  private void printPlannedChanges(StepRecord record) {
    List<String> all = new ArrayList<>(record.changes());
    all.addAll(record.actions());
    if (!all.isEmpty()) {
      out.println(record.id() + " would:");
      all.forEach(change -> out.println("  " + change.replaceFirst("^wrote ", "write ")));
    }
  }

  private int validate(Args args) {
    PluginSet plugins = discover(args);
    ConfigLoader loader = Kernel.configLoader(plugins, policy(args), environment);
    List<ConfigSource> sources = new ArrayList<>();
    if (args.words.size() > 1) {
      for (String word : args.words.subList(1, args.words.size())) {
        if (word.equals("-")) {
          sources.add(new ConfigSource.Bytes("stdin", ConfigLoader.readBounded("stdin", in)));
        } else {
          sources.add(new ConfigSource.Files(Path.of(word), false));
        }
      }
      args.configFiles.forEach(file -> sources.add(new ConfigSource.Files(file, false)));
    } else {
      sources.addAll(sources(args, loader, false));
    }
    Configured configured = configure(args, plugins, loader, sources);
    List<ConfigDocument> documents = configured.loaded().documents();
    if (args.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("valid", true);
      result.put("sources", sources.stream().map(ConfigSource::display).toList());
      result.put("documents", documents.stream().map(d -> Map.of("source", d.source(), "format", d.format())).toList());
      result.put("enabled", new TreeSet<>(configured.setup().enabled()));
      result.put("warnings", warningsOf(configured).stream().map(ConfigProblem::toString).toList());
      printJson(result);
    } else {
      out.println("valid: " + (documents.isEmpty() ? "no configuration documents (built-in defaults)" : documents.size()
              + (documents.size() == 1 ? " document" : " documents"))
          + "; enabled plugins: " + String.join(", ", new TreeSet<>(configured.setup().enabled())));
    }
    return OK;
  }

  private static List<ConfigProblem> warningsOf(Configured configured) {
    List<ConfigProblem> warnings = new ArrayList<>(configured.loaded().warnings());
    warnings.addAll(configured.setup().warnings());
    return warnings;
  }

  private int schema(Args args) {
    PluginSet plugins = discover(args);
    String format = args.format.orElse("json");
    switch (format) {
      case "json" -> printJson(ConfigSchema.jsonSchema(Kernel.schemaKeys(plugins)));
      case "markdown" -> out.print(ConfigSchema.markdown(Kernel.schemaKeys(plugins)));
      default -> throw new Args.UsageException("--format takes json or markdown, not '" + format + "'");
    }
    return OK;
  }

  private int plugins(Args args) {
    if (args.format.isPresent()) {
      return pins(args);
    }
    PluginSet plugins = Kernel.discover(pluginsDir(args), PluginPins.read(args.root));
    if (args.json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (LoadedPlugin loaded : plugins.plugins()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        Plugin plugin = loaded.plugin();
        entry.put("id", plugin.id());
        entry.put("version", plugin.version());
        entry.put("source", loaded.source());
        entry.put("description", plugin.description());
        entry.put("requiresKernel", plugin.requiresKernel());
        entry.put("enabledByDefault", plugin.enabledByDefault());
        entry.put("bootSteps", stepIds(plugin, Phase.BOOT));
        entry.put("imageSteps", stepIds(plugin, Phase.IMAGE));
        list.add(entry);
      }
      printJson(Map.of("kernel", Kernel.VERSION, "plugins", list,
          "problems", plugins.problems().stream().map(GraphProblem::message).toList()));
    } else {
      for (LoadedPlugin loaded : plugins.plugins()) {
        Plugin plugin = loaded.plugin();
        out.printf("%s %s (%s)%s%n  %s%n", plugin.id(), plugin.version(), loaded.source(),
            plugin.enabledByDefault() ? ", enabled by default" : "", plugin.description());
        out.println("  boot steps:  " + String.join(", ", stepIds(plugin, Phase.BOOT)));
        out.println("  image steps: " + String.join(", ", stepIds(plugin, Phase.IMAGE)));
      }
      if (!plugins.problems().isEmpty()) {
        printGraphProblems(plugins.problems());
      }
    }
    return plugins.problems().isEmpty() ? OK : PLUGIN_PROBLEM;
  }

  /**
   * {@code plugins --format pins}: the {@code [plugin-pins]} table for the jars in the plugins
   * directory as they are now, keyed as the kernel looks them up. Loads no plugin class, so it also
   * pins jars that do not load.
   */
  private int pins(Args args) {
    if (!args.format.get().equals("pins")) {
      throw new Args.UsageException("--format takes pins, not '" + args.format.get() + "'");
    }
    Map<String, String> pins = Kernel.pinsOf(pluginsDir(args));
    if (args.json) {
      printJson(pins);
    } else {
      out.println("[" + PluginPins.SECTION + "]");
      pins.forEach((key, digest) -> out.println(ConfigSection.literal(key) + " = \"sha256:" + digest + "\""));
    }
    return OK;
  }

  private static List<String> stepIds(Plugin plugin, Phase phase) {
    return plugin.steps().stream().filter(s -> s.phase() == phase).map(Step::id).sorted().toList();
  }

  private int graph(Args args) {
    PluginSet plugins = discover(args);
    Setup setup = configure(args, plugins).setup();
    Phase phase = phaseOf(args);
    StepGraph.Ordered graph = order(setup, phase);
    String format = args.format.orElse("dot");
    switch (format) {
      case "dot" -> out.print(GraphText.dot(graph, phase));
      case "mermaid" -> out.print(GraphText.mermaid(graph));
      default -> throw new Args.UsageException("--format takes dot or mermaid, not '" + format + "'");
    }
    return OK;
  }

  private int analyze(Args args) {
    Phase phase = phaseOf(args);
    Path file = args.report.orElse(args.root.resolve(Kernel.reportPath(phase).substring(1)));
    if (!Files.isRegularFile(file)) {
      err.println("eksnode: no run report at " + file + " (run bootstrap first, or pass --report FILE)");
      return BAD_INPUT;
    }
    RunReport report = Kernel.readReport(file);
    List<StepRecord> blame = ReportAnalysis.blame(report);
    List<StepRecord> chain = ReportAnalysis.criticalChain(report);
    if (args.svg.isPresent()) {
      try {
        Files.writeString(args.svg.get(), SvgTimeline.render(report));
      } catch (IOException e) {
        err.println("eksnode: cannot write " + args.svg.get() + ": " + e.getMessage());
        return BAD_INPUT;
      }
    }
    if (args.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("report", file.toString());
      result.put("phase", report.phase());
      result.put("result", report.result());
      result.put("durationMillis", report.durationMillis());
      result.put("blame", blame.stream().map(s -> Map.of("id", s.id(), "durationMillis", s.durationMillis(), "outcome", s.outcome())).toList());
      result.put("criticalChain", chain.stream().map(s -> Map.of("id", s.id(), "startMillis", s.startMillis(), "durationMillis", s.durationMillis())).toList());
      printJson(result);
      return OK;
    }
    out.println(report.phase() + " phase " + report.result() + ": " + report.steps().size() + " steps in "
        + report.durationMillis() + " ms (" + file + ")");
    out.println();
    out.println("blame (longest first):");
    blame.forEach(s -> out.printf("  %6d ms  %-9s %s%n", s.durationMillis(), s.outcome(), s.id()));
    out.println();
    out.println("critical chain (sets the wall time):");
    chain.forEach(s -> out.printf("  %-36s starts %6d ms, takes %6d ms%n", s.id(), s.startMillis(), s.durationMillis()));
    args.svg.ifPresent(svg -> out.println("\ntimeline written to " + svg));
    return OK;
  }

  private int verifyNode(Args args) {
    RunOptions options = new RunOptions(args.root, false, environment, java.time.Clock.systemUTC());
    NodeVerification.Result result = NodeVerification.verify(args.root, Kernel.host(options));
    if (args.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("reports", result.reports());
      json.put("filesChecked", result.filesChecked());
      json.put("unitsChecked", result.unitsChecked());
      json.put("drift", result.drift());
      json.put("notes", result.notes());
      printJson(json);
    } else {
      out.println("checked " + result.filesChecked() + " files and " + result.unitsChecked() + " units against "
          + (result.reports().isEmpty() ? "no report" : String.join(", ", result.reports())));
      result.notes().forEach(note -> out.println("note: " + note));
      if (result.drift().isEmpty()) {
        out.println("no drift");
      } else {
        out.println(result.drift().size() + " drift" + (result.drift().size() == 1 ? "" : "s") + ":");
        result.drift().forEach(d -> out.println("  " + d));
      }
    }
    return result.drift().isEmpty() && !result.reports().isEmpty() ? OK : STEP_FAILED;
  }

  private int collectLogs(Args args) {
    java.time.Instant now = java.time.Instant.now();
    Path target = args.outputFile.orElse(Path.of("eksnode-logs-"
        + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(now) + ".tar.gz"));
    RunOptions options = new RunOptions(args.root, false, environment, java.time.Clock.systemUTC());
    List<LogBundle.Entry> index;
    try {
      Files.deleteIfExists(target);
      Files.createFile(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      try (var stream = Files.newOutputStream(target)) {
        index = LogBundle.write(Kernel.host(options), stream, now.getEpochSecond());
      }
    } catch (IOException e) {
      err.println("eksnode: cannot write " + target + ": " + e.getMessage());
      return BAD_INPUT;
    }
    if (args.json) {
      printJson(Map.of("bundle", target.toString(), "entries", index));
    } else {
      long kept = index.stream().filter(e -> e.size() > 0).count();
      out.println("wrote " + target + ": " + kept + " files (see index.txt inside)");
      index.stream().filter(e -> !e.note().isEmpty()).forEach(e -> out.println("  " + e.name() + ": " + e.note()));
    }
    return OK;
  }

  private int version(Args args) {
    if (args.json) {
      printJson(Map.of("eksnode", Version.EKSNODE, "kernel", Kernel.VERSION, "java", Runtime.version().toString(),
          "javaHome", System.getProperty("java.home")));
    } else {
      out.println("eksnode " + Version.EKSNODE + " (kernel " + Kernel.VERSION + ", Java " + Runtime.version() + ")");
      out.println("runtime: " + System.getProperty("java.home"));
    }
    return OK;
  }

  private int demo(Args args) {
    Path root;
    try {
      root = Files.createTempDirectory("eksnode-demo-");
      BaseRoots.seed(BaseRoots.EKS_AL2023, root);
      Path config = root.resolve(ConfigSources.IMAGE_CONFIG.substring(1));
      Files.createDirectories(config.getParent());
      Files.write(config, resource("demo/eksnode.toml"));
    } catch (IOException e) {
      throw new EksnodeException("cannot create the demo root: " + e.getMessage(), e);
    }
    args.root = root;
    try (MetadataEmulator imds = MetadataEmulator.start(new String(resource("demo/instance.json"), java.nio.charset.StandardCharsets.UTF_8))) {
      Map<String, String> env = new java.util.HashMap<>(environment);
      env.putAll(imds.environment());
      // The boot runs as on a node, user data included, with the emulator as instance metadata: it
      // serves no user data, so the configuration is the seeded image's. That is also the path the
      // AOT cache is trained on (eksnode --train-aot runs the demo).
      Cli node = new Cli(out, err, env, in);
      if (!args.json) {
        out.println("eksnode demo: an m5.large in us-west-2 joins the EKS cluster \"demo\"");
        out.println("  root: " + root + " (an Amazon Linux 2023 EKS image)");
        out.println("  instance metadata: loopback IMDSv2 emulator at " + imds.endpoint());
        out.println();
      }
      RunReport first = node.demoBoot(args, env);
      RunReport second = null;
      if (first.succeeded()) {
        if (!args.json) {
          out.println();
          out.println("timeline (ms since the start of the run; steps side by side ran concurrently):");
          out.print(Timeline.render(first));
          out.println();
          out.println("files written:");
          first.steps().forEach(step -> step.changes().forEach(change -> out.println("  " + change)));
          out.println("service actions (recorded, not executed, under a root other than /):");
          first.steps().forEach(step -> step.actions().forEach(action -> out.println("  " + action)));
          out.println();
          out.println("second run over the same root:");
        }
        second = node.demoBoot(args, env);
        if (!args.json) {
          long unchanged = second.steps().stream().filter(step -> step.outcome().equals("unchanged")).count();
          // Steps that do not apply to this node (outposts off an Outpost) skip on every run.
          long skipped = second.steps().stream().filter(step -> step.outcome().equals("skipped")).count();
          long actions = second.steps().stream().mapToLong(step -> step.actions().size()).sum();
          out.println();
          out.println("second run: " + unchanged + " of " + (second.steps().size() - skipped) + " steps unchanged, "
              + (actions == 0 ? "nothing restarted" : actions + " service actions")
              + (skipped == 0 ? "" : " (" + skipped + " skipped: not for this node)"));
        }
      }
      if (args.json) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("root", root.toString());
        json.put("first", first);
        json.put("second", second);
        printJson(json);
      }
      if (args.keep) {
        if (!args.json) {
          out.println("kept " + root + "; a rerun needs instance metadata: AWS_EC2_METADATA_SERVICE_ENDPOINT=<an IMDS endpoint> eksnode bootstrap --root " + root);
        }
      } else {
        deleteTree(root);
      }
      return first.succeeded() && second != null && second.succeeded() ? OK : STEP_FAILED;
    } catch (IOException e) {
      throw new EksnodeException("cannot start the demo's instance metadata emulator: " + e.getMessage(), e);
    }
  }

  private RunReport demoBoot(Args args, Map<String, String> env) {
    PluginSet plugins = discover(args, true);
    Setup setup = configure(args, plugins).setup();
    StepGraph.Ordered graph = order(setup, Phase.BOOT);
    RunReport report = Kernel.run(setup, graph, Phase.BOOT, new RunOptions(args.root, false, env, java.time.Clock.systemUTC()),
        args.json ? RunListener.NONE : this::printStep);
    if (!args.json) {
      out.println(report.result() + ": " + report.steps().size() + " steps in " + report.durationMillis() + " ms; report "
          + args.root.resolve(Kernel.reportPath(Phase.BOOT).substring(1)));
    }
    return report;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Cli.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new EksnodeException("the built-in " + name + " is missing from the eksnode jar");
      }
      return in.readAllBytes();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the demo has already reported its result.
    }
  }

  /** Warnings first, one line each, then the errors under a count. */
  private void printProblems(List<ConfigProblem> problems) {
    if (environment.containsKey("EKSNODE_JSON_ERRORS")) {
      printJson(problems);
      return;
    }
    List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
    printWarnings(problems.stream().filter(p -> !p.isError()).toList());
    err.println("eksnode: " + errors.size() + (errors.size() == 1 ? " configuration problem:" : " configuration problems:"));
    errors.forEach(problem -> err.println("  " + problem));
  }

  private void printWarnings(List<ConfigProblem> warnings) {
    warnings.forEach(warning -> err.println("warning: " + warning));
  }

  private void printGraphProblems(List<GraphProblem> problems) {
    err.println("eksnode: " + problems.size() + (problems.size() == 1 ? " plugin problem:" : " plugin problems:"));
    problems.forEach(problem -> err.println("  " + problem.message()));
  }

  private void printJson(Object value) {
    out.println(Kernel.json(value));
  }
}
