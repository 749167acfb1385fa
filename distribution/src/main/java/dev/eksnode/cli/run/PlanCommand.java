package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.spi.Phase;
import java.util.List;

/** {@code eksnode plan}: a dry run of a phase. */
public final class PlanCommand implements Command {

  static final Option PHASE = Option.value("--phase", "boot|image", "the phase to plan (default boot)");
  static final Option EXPLAIN = Option.flag("--explain", "first print the merged configuration, each value with its source");

  @Override
  public List<String> words() {
    return List.of("plan");
  }

  @Override
  public List<Option> options() {
    return List.of(PHASE, EXPLAIN);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode plan [--phase boot|image] [--explain] [--config-source URI]... [--config FILE]...",
        "Dry run: show the step order and what each step would change. Writes nothing.",
        """
        Reads the configuration as bootstrap does, then runs every step against an in-memory copy of the
        root: files that would be written are listed, commands and service actions are listed, nothing
        on disk changes. Default phase: boot.
        --explain first prints the merged configuration, one value per line with the source that set
        it (file, or user-data part and type, with line and column, and the key as written there, such
        as spec.cluster.cidr). With --output json both come as one object {configuration, plan}.""",
        "eksnode plan --explain --root /tmp/node");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    return PhaseRun.run(invocation, session, invocation.phase(PHASE, Phase.BOOT), true, invocation.has(EXPLAIN));
  }
}
