package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Exit;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.GlobalOptions;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Session;
import dev.eksnode.cli.command.UsageException;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.kernel.RunRequest;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Phase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's side of {@link Kernel#prepare}: a request from the global options, and a refusal
 * turned into printed problems and an exit code (3 for plugin problems, 2 for configuration problems).
 */
final class Runs {

  private Runs() {}

  /** The request the global options make for {@code phase}. */
  static RunRequest request(Invocation invocation, Session session, Phase phase) {
    return request(invocation, session, phase, invocation.root());
  }

  /**
   * The request the global options make for {@code phase} over {@code root} instead of {@code --root}
   * (the plugins directory, when not given, is the default under it).
   */
  static RunRequest request(Invocation invocation, Session session, Phase phase, Path root) {
    RunRequest request = RunRequest.of(phase, root);
    if (invocation.has(GlobalOptions.PLUGINS_DIR)) {
      request = request.withPluginsDirectory(invocation.pluginsDirectory());
    }
    request = request
        .withConfigFiles(invocation.configFiles())
        .withPolicy(invocation.policy())
        .withEnvironment(session.environment());
    if (!invocation.configSources().isEmpty()) {
      request = request.withSources(invocation.configSources().stream().map(Runs::source).toList());
    }
    return request;
  }

  /** A {@code --config-source} value. */
  static ConfigSource source(String text) {
    try {
      return ConfigSource.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Prepares the run, printing the warnings (and with {@code announce}, each preset read, on standard
   * output).
   *
   * @throws Exit with 3 after printing the plugin problems, or with 2 after printing the configuration's
   */
  static Preparation.Ready prepare(Session session, RunRequest request, boolean announce) {
    return switch (Kernel.prepare(request)) {
      case Preparation.Ready ready -> {
        if (announce) {
          ready.presets().forEach(preset ->
              session.out().println(preset.selector() + " '" + preset.name() + "' from " + preset.file()));
        }
        session.printWarnings(ready.warnings());
        yield ready;
      }
      case Preparation.Refused refused -> {
        if (!refused.pluginProblems().isEmpty()) {
          session.printWarnings(warnings(refused.configProblems()));
          session.printPluginProblems(refused.pluginProblems());
          throw new Exit(ExitCode.PLUGIN_PROBLEM);
        }
        session.printConfigProblems(refused.configProblems());
        throw new Exit(ExitCode.BAD_INPUT);
      }
    };
  }

  /** One line per step: outcome, id, time, and the detail of anything but an applied step. */
  static void printStep(Session session, StepRecord record) {
    String detail = record.detail().isEmpty() || record.outcome().equals("applied") ? "" : "  (" + record.detail() + ")";
    session.out().printf("%-9s %-36s %6d ms%s%n", record.outcome(), record.id(), record.durationMillis(), detail);
  }

  /** What a step of a dry run would write and do. */
  static void printPlannedChanges(Session session, StepRecord record) {
    List<String> all = new ArrayList<>(record.changes());
    all.addAll(record.actions());
    if (!all.isEmpty()) {
      session.out().println(record.id() + " would:");
      all.forEach(change -> session.out().println("  " + change.replaceFirst("^wrote ", "write ")));
    }
  }

  /** Only the warnings of a list of problems. */
  static List<ConfigProblem> warnings(List<ConfigProblem> problems) {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
