package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * same order. The edges come from what the steps declare: the publisher of a fact before every step
 * that reads it, every contributor to a document before its renderer, and the declared {@code
 * requires}, {@code after} and {@code before}. Hard dependencies (a {@code requires}, the publisher
 * of a fact a step {@code reads}) must exist; soft ones order only the steps that are there.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StepGraph {

  /** The result of ordering. */
  public sealed interface Ordering {}

  /**
   * The steps in run order, with the edges that order them and who publishes and renders what.
   *
   * @param steps run order
   * @param predecessors for each step id, the ids that must finish before it starts (hard and soft)
   * @param requires for each step id, its hard dependencies: the steps it requires and the publishers
   *     of the facts it reads
   * @param publishers for each fact name, the step that publishes it
   * @param renderers for each document name, the step that renders it
   */
  public record Ordered(
      List<Step> steps,
      Map<String, Set<String>> predecessors,
      Map<String, Set<String>> requires,
      Map<String, String> publishers,
      Map<String, String> renderers)
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

  /**
   * Why something the phase's steps name is not among them, in words for the problem's message.
   *
   * @param step why no step of the phase has this id (plugin not installed, disabled, other phase)
   * @param publisher why no step of the phase publishes this fact
   * @param renderer why no step of the phase renders this document
   */
  public record Absences(
      Function<String, String> step, Function<String, String> publisher, Function<String, String> renderer) {

    /** Absences explained only for step ids; facts and documents get a plain "no step" reason. */
    public static Absences ofSteps(Function<String, String> step) {
      return new Absences(step, fact -> "no step publishes it", document -> "no step renders it");
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
    return order(steps, Absences.ofSteps(whyMissing));
  }

  /**
   * Orders steps.
   *
   * @param steps the phase's steps, each with the id of the plugin declaring it
   * @param absences why a dependency, publisher or renderer is not among {@code steps}
   */
  public static Ordering order(Map<Step, String> steps, Absences absences) {
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

    Edges edges = new Edges(byId.keySet());
    for (Step step : byId.values()) {
      for (String dependency : new TreeSet<>(step.requires())) {
        if (byId.containsKey(dependency)) {
          edges.hard(dependency, step.id(), null);
        } else {
          problems.add(
              new GraphProblem.MissingDependency(step.id(), dependency, absences.step().apply(dependency)));
        }
      }
      for (String earlier : new TreeSet<>(step.after())) {
        if (byId.containsKey(earlier)) {
          edges.soft(earlier, step.id(), null);
        }
      }
      for (String later : new TreeSet<>(step.before())) {
        if (byId.containsKey(later)) {
          edges.soft(step.id(), later, null);
        }
      }
    }
    DataFlow flow = DataFlow.of(byId.values(), problems);
    for (Step step : byId.values()) {
      for (FactKey<?> fact : sorted(step.reads(), FactKey::name)) {
        String publisher = flow.publishers().get(fact.name());
        if (publisher == null) {
          problems.add(new GraphProblem.MissingPublisher(step.id(), fact.name(), absences.publisher().apply(fact.name())));
        } else {
          flow.checkType(fact, publisher, step.id(), problems);
          edges.hard(publisher, step.id(), step.id() + " reads fact '" + fact.name() + "', which " + publisher + " publishes");
        }
      }
      for (FactKey<?> fact : sorted(step.readsIfPresent(), FactKey::name)) {
        String publisher = flow.publishers().get(fact.name());
        if (publisher != null) {
          flow.checkType(fact, publisher, step.id(), problems);
          edges.soft(publisher, step.id(), step.id() + " reads fact '" + fact.name() + "', which " + publisher + " publishes");
        }
      }
      for (DocumentKey<?> document : sorted(step.contributesTo(), DocumentKey::name)) {
        String renderer = flow.renderers().get(document.name());
        if (renderer == null) {
          problems.add(
              new GraphProblem.MissingRenderer(step.id(), document.name(), absences.renderer().apply(document.name())));
        } else {
          edges.soft(step.id(), renderer,
              step.id() + " contributes to document '" + document.name() + "', which " + renderer + " renders");
        }
      }
    }

    List<String> order = topological(edges.predecessors);
    if (order.size() < byId.size()) {
      Set<String> stuck = new TreeSet<>(byId.keySet());
      stuck.removeAll(order);
      for (List<String> cycle : cycles(stuck, edges.predecessors)) {
        List<String> dataFlow = new ArrayList<>();
        for (int i = 0; i + 1 < cycle.size(); i++) {
          String why = edges.dataFlow.get(cycle.get(i) + " " + cycle.get(i + 1));
          if (why != null) {
            dataFlow.add(why);
          }
        }
        problems.add(new GraphProblem.Cycle(cycle, dataFlow));
      }
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    Map<String, Set<String>> frozen = new LinkedHashMap<>();
    edges.predecessors.forEach((id, preds) -> frozen.put(id, Set.copyOf(preds)));
    Map<String, Set<String>> frozenRequires = new LinkedHashMap<>();
    edges.requires.forEach((id, deps) -> frozenRequires.put(id, Set.copyOf(deps)));
    return new Ordered(order.stream().map(byId::get).toList(), frozen, frozenRequires,
        Map.copyOf(flow.publishers()), Map.copyOf(flow.renderers()));
  }

  /** The edges between the steps of a phase: every predecessor, the hard ones, and why data flow added one. */
  private static final class Edges {
    final Map<String, Set<String>> predecessors = new TreeMap<>();
    final Map<String, Set<String>> requires = new TreeMap<>();
    /** {@code "earlier later"} to the data flow that orders them, the first reason found. */
    final Map<String, String> dataFlow = new HashMap<>();

    Edges(Set<String> ids) {
      ids.forEach(id -> {
        predecessors.put(id, new TreeSet<>());
        requires.put(id, new TreeSet<>());
      });
    }

    void hard(String earlier, String later, String why) {
      if (!earlier.equals(later)) {
        requires.get(later).add(earlier);
      }
      soft(earlier, later, why);
    }

    /** A step's reading of a fact it publishes itself, or contributing to a document it renders, orders nothing. */
    void soft(String earlier, String later, String why) {
      if (why != null && earlier.equals(later)) {
        return;
      }
      predecessors.get(later).add(earlier);
      if (why != null) {
        dataFlow.putIfAbsent(earlier + " " + later, why);
      }
    }
  }

  /** Who publishes each fact and renders each document among a phase's steps. */
  private record DataFlow(
      Map<String, String> publishers, Map<String, Class<?>> publishedTypes, Map<String, String> renderers) {

    /** Reads the steps' declarations (steps in id order), adding a problem for a second publisher or renderer. */
    static DataFlow of(Collection<Step> steps, List<GraphProblem> problems) {
      DataFlow flow = new DataFlow(new TreeMap<>(), new HashMap<>(), new TreeMap<>());
      for (Step step : steps) {
        for (FactKey<?> fact : sorted(step.publishes(), FactKey::name)) {
          String first = flow.publishers.putIfAbsent(fact.name(), step.id());
          if (first == null) {
            flow.publishedTypes.put(fact.name(), fact.type());
          } else if (!first.equals(step.id())) {
            problems.add(new GraphProblem.DuplicatePublisher(fact.name(), first, step.id()));
          }
        }
        for (DocumentKey<?> document : sorted(step.renders(), DocumentKey::name)) {
          String first = flow.renderers.putIfAbsent(document.name(), step.id());
          if (first != null && !first.equals(step.id())) {
            problems.add(new GraphProblem.DuplicateRenderer(document.name(), first, step.id()));
          }
        }
      }
      return flow;
    }

    void checkType(FactKey<?> fact, String publisher, String reader, List<GraphProblem> problems) {
      Class<?> published = publishedTypes.get(fact.name());
      if (published != fact.type()) {
        problems.add(new GraphProblem.FactTypeMismatch(
            fact.name(), publisher, published.getName(), reader, fact.type().getName()));
      }
    }
  }

  private static <T> List<T> sorted(Set<T> keys, Function<T, String> name) {
    return keys.stream().sorted(Comparator.comparing(name)).toList();
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
