package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration is wrong; carries every problem found, not just the first. Exit code 2. Besides
 * the errors it may carry the warnings found on the way, so they are printed with the errors.
 */
@API(status = STABLE, since = "0.1.0")
public class ConfigException extends EksnodeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Errors and warnings, in the order they were found. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  public List<ConfigProblem> errors() {
    return problems.stream().filter(ConfigProblem::isError).toList();
  }

  public List<ConfigProblem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  private static String describe(List<ConfigProblem> problems) {
    List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
    return errors.size()
        + (errors.size() == 1 ? " configuration problem:\n  " : " configuration problems:\n  ")
        + errors.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  "));
  }
}
