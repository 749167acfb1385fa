package dev.eksnode.kernel;

import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What steps share during one run: published facts and contributions to shared documents. Which step
 * may publish, read, contribute to or render what is settled before the run ({@link StepGraph}) and
 * checked at each access ({@link StepScope}); this is only the store.
 */
final class RunState {

  private final StepGraph.Ordered graph;
  private final Map<String, Integer> position = new HashMap<>();
  private final Map<String, Object> facts = new ConcurrentHashMap<>();
  private final Map<String, List<Contribution<?>>> documents = new ConcurrentHashMap<>();

  RunState(StepGraph.Ordered graph) {
    this.graph = graph;
    for (int i = 0; i < graph.steps().size(); i++) {
      position.put(graph.steps().get(i).id(), i);
    }
  }

  /** The step of this phase that publishes {@code fact}, if one does. */
  Optional<String> publisher(String fact) {
    return Optional.ofNullable(graph.publishers().get(fact));
  }

  /** The step of this phase that renders {@code document}, if one does. */
  Optional<String> renderer(String document) {
    return Optional.ofNullable(graph.renderers().get(document));
  }

  <T> Optional<T> fact(FactKey<T> key) {
    return Optional.ofNullable(facts.get(key.name())).map(key.type()::cast);
  }

  <T> void publish(String stepId, FactKey<T> key, T value) {
    if (!key.type().isInstance(value)) {
      throw new EksnodeException(
          stepId + " published fact '" + key.name() + "' as " + value.getClass().getName()
              + ", expected " + key.type().getName());
    }
    if (facts.putIfAbsent(key.name(), value) != null) {
      throw new EksnodeException(stepId + " published fact '" + key.name() + "', which was already published");
    }
  }

  <T> void contribute(String stepId, DocumentKey<T> key, T value) {
    List<Contribution<?>> list = documents.computeIfAbsent(key.name(), k -> new ArrayList<>());
    synchronized (list) {
      list.add(new Contribution<>(stepId, value));
    }
  }

  @SuppressWarnings("unchecked")
  <T> List<Contribution<T>> contributions(DocumentKey<T> key) {
    List<Contribution<?>> list = documents.getOrDefault(key.name(), List.of());
    List<Contribution<T>> copy = new ArrayList<>();
    synchronized (list) {
      list.forEach(c -> copy.add((Contribution<T>) c));
    }
    copy.sort(Comparator.comparingInt(c -> position.getOrDefault(c.stepId(), Integer.MAX_VALUE)));
    return List.copyOf(copy);
  }
}
