package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.spi.Phase;
import java.util.List;

/** {@code eksnode graph}: the step graph of a phase, as prepared for a run. */
public final class GraphCommand implements Command {

  static final Option PHASE = Option.value("--phase", "boot|image", "the phase whose steps to draw (default boot)");
  static final Option FORMAT = Option.value("--format", "dot|mermaid", "Graphviz DOT (default) or Mermaid");

  @Override
  public List<String> words() {
    return List.of("graph");
  }

  @Override
  public List<Option> options() {
    return List.of(PHASE, FORMAT);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode graph [--phase boot|image] [--format dot|mermaid]",
        "Print the step graph of a phase as Graphviz DOT (default) or Mermaid.",
        """
        The enabled plugins' steps as a run with this configuration would order them. Solid edges are
        hard dependencies (requires), dashed edges soft ordering (after/before).""",
        "eksnode graph --format mermaid > graph.mmd");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    Phase phase = invocation.phase(PHASE, Phase.BOOT);
    String format = invocation.choice(FORMAT, List.of("dot", "mermaid"), "dot");
    Preparation.Ready ready = Runs.prepare(session, Runs.request(invocation, session, phase), false);
    session.out().print(format.equals("dot") ? GraphText.dot(ready.graph(), phase) : GraphText.mermaid(ready.graph()));
    return ExitCode.OK;
  }
}
