package dev.eksnode.cli.command;

import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.spi.ConfigProblem;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a command talks to: standard output and error, standard input, and the environment eksnode sees
 * (steps read it through the host; the instance metadata endpoint override is taken from it). Prints
 * problems the way every command prints them.
 */
public record Session(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment) {

  /** Set in the environment, configuration problems are printed as JSON (for tests that compare them). */
  public static final String JSON_ERRORS = "EKSNODE_JSON_ERRORS";

  public Session {
    environment = Map.copyOf(environment);
  }

  /** A value as indented JSON on standard output. */
  public void printJson(Object value) {
    out.println(Kernel.json(value));
  }

  /** Warnings first, one line each, then the errors under a count, on standard error. */
  public void printConfigProblems(List<ConfigProblem> problems) {
    if (environment.containsKey(JSON_ERRORS)) {
      printJson(problems);
      return;
    }
    List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
    printWarnings(problems.stream().filter(p -> !p.isError()).toList());
    err.println("eksnode: " + errors.size() + (errors.size() == 1 ? " configuration problem:" : " configuration problems:"));
    errors.forEach(problem -> err.println("  " + problem));
  }

  /** One {@code warning: ...} line each, on standard error. */
  public void printWarnings(List<ConfigProblem> warnings) {
    warnings.forEach(warning -> err.println("warning: " + warning));
  }

  /** The plugin and step-graph problems under a count, on standard error. */
  public void printPluginProblems(List<GraphProblem> problems) {
    err.println("eksnode: " + problems.size() + (problems.size() == 1 ? " plugin problem:" : " plugin problems:"));
    problems.forEach(problem -> err.println("  " + problem.message()));
  }
}
