package dev.eksnode.spi;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is wrong; carries every problem found, not just the first. Exit code 2. */
public class ConfigException extends EksnodeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    return problems.size()
        + (problems.size() == 1 ? " configuration problem:\n  " : " configuration problems:\n  ")
        + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  "));
  }
}
