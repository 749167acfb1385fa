package dev.eksnode.kernel;

import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Optional;

/** The {@link StepContext} of one step in one run. */
final class StepScope implements StepContext {

  private final String stepId;
  private final Phase phase;
  private final StepHost host;
  private final Object config;
  private final RunState state;

  public StepScope(String stepId, Phase phase, StepHost host, Object config, RunState state) {
    this.stepId = stepId;
    this.phase = phase;
    this.host = host;
    this.config = config;
    this.state = state;
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
