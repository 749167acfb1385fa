package dev.eksnode.cli;

import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginSet;
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
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
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
      (command.isEmpty() && !args.help ? err : out).print(Help.overview());
      return command.isEmpty() && !args.help ? BAD_INPUT : OK;
    }
    if (!Help.TOPICS.containsKey(command)) {
      err.println("eksnode: unknown command '" + command + "'");
      err.println("Run 'eksnode --help' for the list of commands.");
      return BAD_INPUT;
    }
    if (args.help) {
      out.print(Help.of(command));
      return OK;
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

  private static Phase phaseOf(Args args) {
    return args.phase.map(p -> p.equals("image") ? Phase.IMAGE : Phase.BOOT).orElse(Phase.BOOT);
  }

  private Path pluginsDir(Args args) {
    return args.pluginsDir.orElse(args.root.resolve(Kernel.DEFAULT_PLUGINS_DIRECTORY.toString().substring(1)));
  }

  private PluginSet discover(Args args) {
    PluginSet plugins = Kernel.discover(pluginsDir(args));
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
      sources.addAll(loader.defaultSources(args.root, liveRoot(args), withProviders && !args.offline));
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
  private Configured configure(Args args, PluginSet plugins, ConfigLoader loader, List<ConfigSource> sources) {
    ConfigLoader.Loaded loaded = loader.load(sources);
    List<ConfigProblem> problems = new ArrayList<>(loaded.problems());
    Setup setup = null;
    try {
      setup = Kernel.bind(plugins, loaded.merged(), policy(args));
      problems.addAll(setup.warnings());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems = loaded.inSourceOrder(problems);
    if (setup == null || problems.stream().anyMatch(ConfigProblem::isError)) {
      throw new ConfigException(problems);
    }
    printWarnings(problems);
    return new Configured(loaded, setup);
  }

  private Configured configure(Args args, PluginSet plugins) {
    ConfigLoader loader = Kernel.configLoader(plugins, policy(args), environment);
    return configure(args, plugins, loader, sources(args, loader, true));
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
    PluginSet plugins = discover(args);
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
    RunOptions options = new RunOptions(args.root, dryRun, environment, java.time.Clock.systemUTC());
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
    PluginSet plugins = Kernel.discover(pluginsDir(args));
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

  private int version(Args args) {
    if (args.json) {
      printJson(Map.of("eksnode", Version.EKSNODE, "kernel", Kernel.VERSION, "java", Runtime.version().toString()));
    } else {
      out.println("eksnode " + Version.EKSNODE + " (kernel " + Kernel.VERSION + ", Java " + Runtime.version() + ")");
    }
    return OK;
  }

  private int demo(Args args) {
    Path root;
    try {
      root = Files.createTempDirectory("eksnode-demo-");
      try (InputStream example = Cli.class.getResourceAsStream("demo/eksnode.toml")) {
        if (example == null) {
          throw new EksnodeException("the built-in example is missing from the eksnode jar");
        }
        Path config = root.resolve(ConfigSources.IMAGE_CONFIG.substring(1));
        Files.createDirectories(config.getParent());
        Files.write(config, example.readAllBytes());
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot create the demo root: " + e.getMessage(), e);
    }
    if (!args.json) {
      out.println("eksnode demo: booting the built-in example node (m5.large, cluster \"demo\") into " + root);
    }
    args.root = root;
    args.offline = true;
    int code = runPhase(args, Phase.BOOT, false);
    if (!args.json) {
      out.println("files under " + root + ":");
      listFiles(root).forEach(line -> out.println("  " + line));
    }
    if (args.keep) {
      if (!args.json) {
        out.println("kept " + root + "; run 'eksnode bootstrap --root " + root + "' again: every step reports unchanged");
      }
    } else {
      deleteTree(root);
    }
    return code;
  }

  private static List<String> listFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .sorted(Comparator.naturalOrder())
          .map(file -> {
            try {
              return "/" + root.relativize(file) + "  " + Files.size(file) + " bytes";
            } catch (IOException e) {
              return "/" + root.relativize(file);
            }
          })
          .toList();
    } catch (IOException e) {
      return List.of("(cannot list: " + e.getMessage() + ")");
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
