package dev.eksnode.kernel;

import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link StepContext} of one step in one run. It holds the step to what it declared: reading a
 * fact it did not declare in {@link Step#reads()}, {@link Step#readsIfPresent()} or {@link
 * Step#publishes()}, publishing one it did not declare, contributing to a document it did not declare
 * in {@link Step#contributesTo()}, or reading the contributions to one it does not render is refused
 * at once, and the step fails even if it catches the refusal ({@link #refusal()}). So an undeclared
 * read never races its publisher: it fails every time.
 */
final class StepScope implements StepContext {

  private final Step step;
  private final Phase phase;
  private final StepHost host;
  private final Object config;
  private final RunState state;
  private final AtomicReference<String> refusal = new AtomicReference<>();

  StepScope(Step step, Phase phase, StepHost host, Object config, RunState state) {
    this.step = step;
    this.phase = phase;
    this.host = host;
    this.config = config;
    this.state = state;
  }

  /** The first access the step did not declare, if it made one: the step fails with this message. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal.get());
  }

  @Override
  public String stepId() {
    return step.id();
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
          step.id() + " asked for its configuration as " + type.getName() + ", but its plugin bound "
              + (config == null ? "nothing" : config.getClass().getName()));
    }
    return type.cast(config);
  }

  @Override
  public <T> Optional<T> fact(FactKey<T> key) {
    if (!names(step.reads(), step.readsIfPresent(), step.publishes()).contains(key.name())) {
      throw refuse("read fact '" + key.name() + "', which it does not declare (" + publisher(key.name())
          + "); declare it in reads(), or in readsIfPresent() when the step copes without it");
    }
    return state.fact(key);
  }

  @Override
  public <T> void publish(FactKey<T> key, T value) {
    if (!names(step.publishes()).contains(key.name())) {
      throw refuse("published fact '" + key.name() + "', which it does not declare in publishes() ("
          + publisher(key.name()) + ")");
    }
    state.publish(step.id(), key, value);
  }

  @Override
  public <T> void contribute(DocumentKey<T> key, T value) {
    if (step.contributesTo().stream().noneMatch(declared -> declared.name().equals(key.name()))) {
      throw refuse("contributed to document '" + key.name() + "', which it does not declare in contributesTo() ("
          + renderer(key.name()) + ")");
    }
    state.contribute(step.id(), key, value);
  }

  @Override
  public <T> List<Contribution<T>> contributions(DocumentKey<T> key) {
    if (step.renders().stream().noneMatch(declared -> declared.name().equals(key.name()))) {
      throw refuse("read the contributions to document '" + key.name() + "', which only its renderer reads ("
          + renderer(key.name()) + "); a step that renders it declares it in renders()");
    }
    return state.contributions(key);
  }

  private String publisher(String fact) {
    return state.publisher(fact).map(id -> id + " publishes it").orElse("no step of this phase publishes it");
  }

  private String renderer(String document) {
    return state.renderer(document).map(id -> id + " renders it").orElse("no step of this phase renders it");
  }

  private EksnodeException refuse(String what) {
    String message = "step '" + step.id() + "' " + what;
    refusal.compareAndSet(null, message);
    return new EksnodeException(message);
  }

  @SafeVarargs
  private static Set<String> names(Set<FactKey<?>>... declared) {
    Set<String> names = new HashSet<>();
    for (Set<FactKey<?>> keys : declared) {
      keys.forEach(key -> names.add(key.name()));
    }
    return names;
  }
}
