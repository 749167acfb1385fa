package dev.eksnode.cli.run;

import dev.eksnode.kernel.StepGraph;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import java.util.Locale;
import java.util.Set;

/** Renders a step graph as Graphviz DOT or Mermaid: solid edges are hard dependencies, dashed soft ordering. */
final class GraphText {

  private GraphText() {}

  static String dot(StepGraph.Ordered graph, Phase phase) {
    StringBuilder text = new StringBuilder("digraph \"eksnode-" + phase.name().toLowerCase(Locale.ROOT) + "\" {\n");
    text.append("  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n");
    for (Step step : graph.steps()) {
      text.append("  \"").append(step.id()).append("\";\n");
    }
    for (Step step : graph.steps()) {
      Set<String> hard = graph.requires().get(step.id());
      for (String before : graph.predecessors().get(step.id()).stream().sorted().toList()) {
        text.append("  \"").append(before).append("\" -> \"").append(step.id()).append("\"")
            .append(hard.contains(before) ? "" : " [style=dashed]").append(";\n");
      }
    }
    return text.append("}\n").toString();
  }

  static String mermaid(StepGraph.Ordered graph) {
    StringBuilder text = new StringBuilder("flowchart LR\n");
    for (int i = 0; i < graph.steps().size(); i++) {
      text.append("  s").append(i).append("[\"").append(graph.steps().get(i).id()).append("\"]\n");
    }
    for (int i = 0; i < graph.steps().size(); i++) {
      Step step = graph.steps().get(i);
      Set<String> hard = graph.requires().get(step.id());
      for (String before : graph.predecessors().get(step.id()).stream().sorted().toList()) {
        int from = indexOf(graph, before);
        text.append("  s").append(from).append(hard.contains(before) ? " --> s" : " -.-> s").append(i).append("\n");
      }
    }
    return text.toString();
  }

  private static int indexOf(StepGraph.Ordered graph, String id) {
    for (int i = 0; i < graph.steps().size(); i++) {
      if (graph.steps().get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException(id);
  }
}
