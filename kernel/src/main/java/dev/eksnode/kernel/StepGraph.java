package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Orders the steps of one phase: topologically, ties broken by id, so the same steps always give the
 * same order. Hard dependencies must exist; soft ones ({@code after}, {@code before}) order only the
 * steps that are there.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StepGraph {

  /** The result of ordering. */
  public sealed interface Ordering {}

  /**
   * The steps in run order, with the edges that order them.
   *
   * @param steps run order
   * @param predecessors for each step id, the ids that must finish before it starts (hard and soft)
   * @param requires for each step id, its hard dependencies
   */
  public record Ordered(
      List<Step> steps, Map<String, Set<String>> predecessors, Map<String, Set<String>> requires)
      implements Ordering {

    /** Whether {@code earlier} must finish before {@code later} starts, directly or through others. */
    public boolean precedes(String earlier, String later) {
      Deque<String> work = new ArrayDeque<>(predecessors.getOrDefault(later, Set.of()));
      Set<String> seen = new HashSet<>();
      while (!work.isEmpty()) {
        String id = work.pop();
        if (id.equals(earlier)) {
          return true;
        }
        if (seen.add(id)) {
          work.addAll(predecessors.getOrDefault(id, Set.of()));
        }
      }
      return false;
    }
  }

  /** The steps cannot be ordered; every reason is listed. */
  public record Invalid(List<GraphProblem> problems) implements Ordering {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  private StepGraph() {}

  /**
   * Orders steps.
   *
   * @param steps the phase's steps, each with the id of the plugin declaring it
   * @param whyMissing for a dependency that is not among {@code steps}, why it is not
   */
  public static Ordering order(Map<Step, String> steps, Function<String, String> whyMissing) {
    List<GraphProblem> problems = new ArrayList<>();
    Map<String, Step> byId = new TreeMap<>();
    Map<String, String> pluginOf = new HashMap<>();
    steps.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            entry -> {
              String id = entry.getKey().id();
              if (byId.containsKey(id)) {
                problems.add(new GraphProblem.DuplicateStep(id, pluginOf.get(id), entry.getValue()));
              } else {
                byId.put(id, entry.getKey());
                pluginOf.put(id, entry.getValue());
              }
            });

    Map<String, Set<String>> predecessors = new TreeMap<>();
    Map<String, Set<String>> requires = new TreeMap<>();
    byId.keySet().forEach(id -> predecessors.put(id, new TreeSet<>()));
    for (Step step : byId.values()) {
      requires.put(step.id(), new TreeSet<>(step.requires()));
      for (String dependency : new TreeSet<>(step.requires())) {
        if (byId.containsKey(dependency)) {
          predecessors.get(step.id()).add(dependency);
        } else {
          problems.add(
              new GraphProblem.MissingDependency(step.id(), dependency, whyMissing.apply(dependency)));
        }
      }
      for (String earlier : step.after()) {
        if (byId.containsKey(earlier)) {
          predecessors.get(step.id()).add(earlier);
        }
      }
      for (String later : step.before()) {
        if (byId.containsKey(later)) {
          predecessors.get(later).add(step.id());
        }
      }
    }

    List<String> order = topological(predecessors);
    if (order.size() < byId.size()) {
      Set<String> stuck = new TreeSet<>(byId.keySet());
      stuck.removeAll(order);
      for (List<String> cycle : cycles(stuck, predecessors)) {
        problems.add(new GraphProblem.Cycle(cycle));
      }
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    Map<String, Set<String>> frozen = new LinkedHashMap<>();
    predecessors.forEach((id, preds) -> frozen.put(id, Set.copyOf(preds)));
    Map<String, Set<String>> frozenRequires = new LinkedHashMap<>();
    requires.forEach((id, deps) -> frozenRequires.put(id, Set.copyOf(deps)));
    return new Ordered(order.stream().map(byId::get).toList(), frozen, frozenRequires);
  }

  /** Kahn's algorithm with the ready set ordered by id. */
  private static List<String> topological(Map<String, Set<String>> predecessors) {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> successors = new HashMap<>();
    predecessors.forEach(
        (id, preds) -> {
          waiting.put(id, preds.size());
          preds.forEach(p -> successors.computeIfAbsent(p, k -> new ArrayList<>()).add(id));
        });
    PriorityQueue<String> ready = new PriorityQueue<>();
    waiting.forEach(
        (id, count) -> {
          if (count == 0) {
            ready.add(id);
          }
        });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(id);
      for (String next : successors.getOrDefault(id, List.of())) {
        if (waiting.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    return order;
  }

  /**
   * One cycle per strongly connected component among the stuck steps, each starting at its smallest
   * id and following the smallest successor that leads back, e.g. {@code [a, b, c, a]}.
   */
  private static List<List<String>> cycles(Set<String> stuck, Map<String, Set<String>> predecessors) {
    Map<String, Set<String>> successors = new TreeMap<>();
    stuck.forEach(id -> successors.put(id, new TreeSet<>()));
    for (String id : stuck) {
      for (String pred : predecessors.get(id)) {
        if (stuck.contains(pred)) {
          successors.get(pred).add(id);
        }
      }
    }
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> component : components(successors)) {
      String start = component.iterator().next();
      boolean selfLoop = successors.get(start).contains(start);
      if (component.size() == 1 && !selfLoop) {
        continue; // stuck only because it waits on a cycle
      }
      List<String> path = new ArrayList<>();
      path.add(start);
      if (!walkBack(start, start, component, successors, path, new HashSet<>())) {
        continue;
      }
      cycles.add(path);
    }
    return cycles;
  }

  private static boolean walkBack(
      String start,
      String at,
      Set<String> component,
      Map<String, Set<String>> successors,
      List<String> path,
      Set<String> visited) {
    visited.add(at);
    for (String next : successors.get(at)) {
      if (!component.contains(next)) {
        continue;
      }
      if (next.equals(start)) {
        path.add(start);
        return true;
      }
      if (!visited.contains(next)) {
        path.add(next);
        if (walkBack(start, next, component, successors, path, visited)) {
          return true;
        }
        path.removeLast();
      }
    }
    return false;
  }

  /** Tarjan's strongly connected components; each component sorted, components sorted by first id. */
  private static List<Set<String>> components(Map<String, Set<String>> successors) {
    var state =
        new Object() {
          int index = 0;
          final Map<String, Integer> indexes = new HashMap<>();
          final Map<String, Integer> lowlinks = new HashMap<>();
          final Deque<String> stack = new ArrayDeque<>();
          final Set<String> onStack = new HashSet<>();
          final List<Set<String>> result = new ArrayList<>();

          void visit(String v) {
            indexes.put(v, index);
            lowlinks.put(v, index);
            index++;
            stack.push(v);
            onStack.add(v);
            for (String w : successors.get(v)) {
              if (!indexes.containsKey(w)) {
                visit(w);
                lowlinks.put(v, Math.min(lowlinks.get(v), lowlinks.get(w)));
              } else if (onStack.contains(w)) {
                lowlinks.put(v, Math.min(lowlinks.get(v), indexes.get(w)));
              }
            }
            if (lowlinks.get(v).equals(indexes.get(v))) {
              Set<String> component = new TreeSet<>();
              String w;
              do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
              } while (!w.equals(v));
              result.add(component);
            }
          }
        };
    for (String v : successors.keySet()) {
      if (!state.indexes.containsKey(v)) {
        state.visit(v);
      }
    }
    state.result.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
    return state.result;
  }

}
