package dev.eksnode.kernel;

import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link StepContext} of one step in one run. */
final class StepScope implements StepContext {

  private final String stepId;
  private final Phase phase;
  private final StepHost host;
  private final Object config;
  private final RunState state;
  private final ConfigNode.Table merged;
  private final boolean checking;
  private final List<ConfigProblem> problems = new ArrayList<>();

  public StepScope(String stepId, Phase phase, StepHost host, Object config, RunState state) {
    this(stepId, phase, host, config, state, ConfigNode.Table.empty(ConfigLocation.of("configuration")), false);
  }

  /**
   * @param merged the run's merged configuration, which locates {@link #configProblem}s
   * @param checking the step only checks and may report configuration problems
   */
  StepScope(String stepId, Phase phase, StepHost host, Object config, RunState state, ConfigNode.Table merged, boolean checking) {
    this.stepId = stepId;
    this.phase = phase;
    this.host = host;
    this.config = config;
    this.state = state;
    this.merged = merged;
    this.checking = checking;
  }

  /** The configuration problems the step reported, in order. */
  synchronized List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  synchronized void addProblems(List<ConfigProblem> more) {
    problems.addAll(more);
  }

  @Override
  public void configProblem(String key, String message, String suggestion, ConfigProblem.Severity severity) {
    if (!checking) {
      throw new EksnodeException(
          stepId + " reported a configuration problem (" + key + ": " + message + ") but does not only check;"
              + " configuration problems are found by steps that checksOnly, before anything is written");
    }
    addProblems(List.of(new ConfigProblem(locate(key), key, message, suggestion, severity)));
  }

  /**
   * Where {@code key} was set; for an absent key, the nearest table around it when a source wrote that
   * table, else the first source that wrote something in it or, failing that, anything (without a
   * line: the key is not there).
   */
  private ConfigLocation locate(String key) {
    String[] path = key.split("\\.");
    ConfigNode.Table table = merged;
    int depth = 0;
    while (depth < path.length - 1 && table.entries().get(path[depth]) instanceof ConfigNode.Table inner) {
      table = inner;
      depth++;
    }
    ConfigNode found = depth == path.length - 1 ? table.entries().get(path[depth]) : null;
    if (found != null) {
      return found.location();
    }
    // The table's written key (a translated format's) is not the absent key's.
    ConfigLocation around = table.location().withKey("");
    if (!around.source().equals(ConfigSchema.DEFAULTS_SOURCE)) {
      return around;
    }
    return writtenIn(table).or(() -> writtenIn(merged)).map(ConfigLocation::of).orElse(around);
  }

  private static java.util.Optional<String> writtenIn(ConfigNode node) {
    if (!node.location().source().equals(ConfigSchema.DEFAULTS_SOURCE)) {
      return java.util.Optional.of(node.location().source());
    }
    if (node instanceof ConfigNode.Table table) {
      for (ConfigNode entry : table.entries().values()) {
        java.util.Optional<String> source = writtenIn(entry);
        if (source.isPresent()) {
          return source;
        }
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String stepId() {
    return stepId;
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public <T> T config(Class<T> type) {
    if (!type.isInstance(config)) {
      throw new EksnodeException(
          stepId + " asked for its configuration as " + type.getName() + ", but its plugin bound "
              + (config == null ? "nothing" : config.getClass().getName()));
    }
    return type.cast(config);
  }

  @Override
  public <T> Optional<T> fact(FactKey<T> key) {
    return state.fact(key);
  }

  @Override
  public <T> void publish(FactKey<T> key, T value) {
    state.publish(stepId, key, value);
  }

  @Override
  public <T> void contribute(DocumentKey<T> key, T value) {
    state.contribute(stepId, key, value);
  }

  @Override
  public <T> List<Contribution<T>> contributions(DocumentKey<T> key) {
    return state.contributions(key);
  }
}
